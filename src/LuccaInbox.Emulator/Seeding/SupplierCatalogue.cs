namespace LuccaInbox.Emulator.Seeding;

internal enum Category { Office, Catering, Press, Facilities, Telecom, Travel, Consulting, Hardware, Training, Hosting, Logistics, Software }

/// <summary>A supplier as catalogued. <paramref name="BankCountry"/> null: it is paid by card only.
/// <paramref name="NumberStyle"/> picks its invoice numbering (see InvoicePaperFactory).</summary>
internal sealed record SupplierDef(int Id, string Name, string Address, string Country, string? BankCountry, string Currency, Category Category, int NumberStyle)
{
    public bool IntraCommunity => Country is "DE" or "ES" or "IT" or "BE" or "NL" or "SE";
}

/// <summary>A catalogued supplier once seeded: its bank account and its running document number.</summary>
internal sealed record Supplier(SupplierDef Def, string? Iban, string? Bic)
{
    public int NextNumber { get; set; }

    /// <summary>The SIREN of a French company; null elsewhere.</summary>
    public string? LegalIdentifier { get; init; }

    /// <summary>Null for US and JP suppliers.</summary>
    public string? VatNumber { get; init; }
}

internal sealed record Purchase(int Id, string Name, bool Subscription, Supplier Supplier);

internal sealed record User(int Id, string FirstName, string LastName);

/// <summary>Something a supplier sells: its VAT rate and the range of its unit price (before currency scaling).</summary>
internal sealed record CatalogueItem(string Description, decimal RatePercent, double Low, double High);

/// <summary>The fixed cast of the seeded tenant: its users, suppliers, what each kind of supplier sells and
/// the free texts people attach to documents.</summary>
internal static class SupplierCatalogue
{
    public static readonly User[] Users =
        [new(13, "Camille", "Durand"), new(21, "Lukas", "Becker"), new(34, "Sofia", "Rossi"),
         new(55, "Matthieu", "Lefèvre"), new(89, "Inès", "Moreau"), new(144, "Pieter", "de Vries")];

    public static readonly SupplierDef[] Suppliers =
    [
        new(42, "Papeterie Martin SARL", "14 rue des Carmes\n69002 Lyon, France", "FR", "FR", "EUR", Category.Office, 0),
        new(57, "Traiteur Les Saveurs d'Anjou", "3 place du Ralliement\n49100 Angers, France", "FR", "FR", "EUR", Category.Catering, 5),
        new(63, "Groupe Presse Hexagone SA", "52 boulevard Haussmann\n75009 Paris, France", "FR", "FR", "EUR", Category.Press, 4),
        new(78, "Nettoyage Éclat Services SAS", "8 avenue Jean Jaurès\n31000 Toulouse, France", "FR", "FR", "EUR", Category.Facilities, 0),
        new(91, "Télécom Atlantique SAS", "2 quai de la Fosse\n44000 Nantes, France", "FR", "FR", "EUR", Category.Telecom, 2),
        new(104, "Hôtel Le Grand Cerf", "17 rue Nationale\n37000 Tours, France", "FR", "FR", "EUR", Category.Travel, 5),
        new(117, "Cabinet Delmas Conseil", "91 cours Lafayette\n69006 Lyon, France", "FR", "FR", "EUR", Category.Consulting, 2),
        new(128, "InfoMatériel Pro SAS", "5 rue du Pré Paillard\n74940 Annecy, France", "FR", "FR", "EUR", Category.Hardware, 0),
        new(136, "Formations Horizon SARL", "26 rue Sainte-Catherine\n33000 Bordeaux, France", "FR", "FR", "EUR", Category.Training, 4),
        new(149, "Cloudéo Hébergement SAS", "110 avenue de France\n75013 Paris, France", "FR", "FR", "EUR", Category.Hosting, 1),
        new(203, "Nordlicht Logistik GmbH", "Speicherstraße 12\n20457 Hamburg, Germany", "DE", "DE", "EUR", Category.Logistics, 3),
        new(215, "Bürotechnik Weber GmbH", "Königsallee 48\n40212 Düsseldorf, Germany", "DE", "DE", "EUR", Category.Hardware, 3),
        new(227, "Rheinwerk Consulting AG", "Mediapark 8\n50670 Köln, Germany", "DE", "DE", "EUR", Category.Consulting, 3),
        new(238, "Transportes Levante S.L.", "Calle de Colón 22\n46004 Valencia, Spain", "ES", "ES", "EUR", Category.Logistics, 2),
        new(246, "Arredi Contract Milano S.r.l.", "Via Tortona 31\n20144 Milano, Italy", "IT", "IT", "EUR", Category.Hardware, 2),
        new(259, "Atelier Lumière Formation SRL", "Rue de la Loi 120\n1040 Bruxelles, Belgium", "BE", "BE", "EUR", Category.Training, 1),
        new(264, "Van Dijk Cloud Services B.V.", "Keizersgracht 210\n1016 DZ Amsterdam, Netherlands", "NL", "NL", "EUR", Category.Hosting, 1),
        new(301, "Brightside Software Ltd", "4 Finsbury Square\nLondon EC2A 1AH, United Kingdom", "GB", "GB", "GBP", Category.Software, 1),
        new(312, "Thames Data Analytics Ltd", "22 Bankside\nLondon SE1 9DT, United Kingdom", "GB", "GB", "GBP", Category.Consulting, 1),
        new(325, "Kestrel Training Partners Ltd", "9 Deansgate\nManchester M3 2BW, United Kingdom", "GB", "GB", "GBP", Category.Training, 4),
        new(333, "Alpenblick Treuhand AG", "Bahnhofstrasse 45\n8001 Zürich, Switzerland", "CH", "CH", "CHF", Category.Consulting, 4),
        new(347, "Helvetia Präzisionstechnik SA", "Rue du Rhône 65\n1204 Genève, Switzerland", "CH", "CH", "CHF", Category.Hardware, 2),
        new(402, "Pinecrest Analytics Inc.", "500 Market Street, Suite 300\nSan Francisco, CA 94105, USA", "US", null, "USD", Category.Software, 1),
        new(415, "Summit Ridge Cloud LLC", "1201 Third Avenue\nSeattle, WA 98101, USA", "US", "GB", "USD", Category.Hosting, 1),
        new(421, "Nordvik Design AB", "Götgatan 14\n118 46 Stockholm, Sweden", "SE", "SE", "SEK", Category.Consulting, 4),
        new(436, "Sakura Precision K.K.", "2-7-1 Marunouchi, Chiyoda-ku\nTokyo 100-7090, Japan", "JP", "DE", "JPY", Category.Hardware, 1),
    ];

    public static readonly Dictionary<Category, (string[] PurchaseNames, bool Subscription, string Label)> Categories = new()
    {
        [Category.Office] = (["Office supplies {0}", "Printer consumables"], false, "606400 Fournitures administratives"),
        [Category.Catering] = (["Team lunches", "Seminar catering {0}"], false, "625700 Réceptions"),
        [Category.Press] = (["Press subscriptions {0}", "Industry magazines"], true, "618100 Documentation générale"),
        [Category.Facilities] = (["Office cleaning contract", "Building maintenance"], true, "615200 Entretien locaux"),
        [Category.Telecom] = (["Mobile fleet", "Office internet access"], true, "626200 Télécommunications"),
        [Category.Travel] = (["Sales kick-off {0}", "Business travel"], false, "625600 Missions"),
        [Category.Consulting] = (["ERP integration", "Audit support {0}"], false, "622600 Honoraires"),
        [Category.Hardware] = (["Laptop renewal {0}", "Office equipment"], false, "218300 Matériel informatique"),
        [Category.Training] = (["Management training", "Excel training {0}"], false, "618500 Formation"),
        [Category.Hosting] = (["Cloud hosting", "Backup storage"], true, "613500 Locations logicielles"),
        [Category.Logistics] = (["Inbound freight", "Courier services {0}"], false, "624100 Transports sur achats"),
        [Category.Software] = (["CRM licences", "Design tools subscription"], true, "651100 Licences logicielles"),
    };

    public static readonly Dictionary<Category, CatalogueItem[]> Items = new()
    {
        [Category.Office] = [new("Ramettes papier A4 80 g (carton de 5)", 20m, 18, 32), new("Stylos bille bleus, boîte de 50", 20m, 9, 16),
            new("Classeurs à levier dos 80 mm", 20m, 2, 5), new("Toner laser noir HP 59A", 20m, 70, 120), new("Guide pratique de la paie (livre)", 5.5m, 25, 45)],
        [Category.Catering] = [new("Plateaux repas formule affaires", 10m, 18, 32), new("Cocktail déjeunatoire, par personne", 10m, 25, 45),
            new("Eaux minérales et jus de fruits", 5.5m, 2, 4), new("Viennoiseries du matin", 5.5m, 1.2, 2.5)],
        [Category.Press] = [new("Abonnement quotidien économique, 12 mois", 2.1m, 250, 480), new("Magazine RH, 12 numéros", 2.1m, 60, 140),
            new("Accès numérique multi-utilisateurs", 20m, 150, 900)],
        [Category.Facilities] = [new("Nettoyage des bureaux, forfait mensuel", 20m, 600, 2400), new("Nettoyage des vitres", 20m, 120, 450),
            new("Consommables sanitaires", 20m, 40, 160)],
        [Category.Telecom] = [new("Forfait mobile 100 Go", 20m, 15, 35), new("Fibre pro 1 Gb/s, abonnement mensuel", 20m, 60, 140),
            new("Communications hors forfait", 20m, 5, 80), new("Location standard téléphonique", 20m, 45, 120)],
        [Category.Travel] = [new("Nuitée chambre single", 10m, 85, 190), new("Petit-déjeuner", 10m, 12, 22),
            new("Location salle de séminaire (journée)", 20m, 350, 1200)],
        [Category.Consulting] = [new("Senior consultant, day rate", 20m, 850, 1400), new("Workshop facilitation (half day)", 20m, 450, 900),
            new("Project management", 20m, 600, 1000), new("Travel expenses (flat fee)", 20m, 80, 400)],
        [Category.Hardware] = [new("Laptop 14\" i7, 32 GB RAM, 1 TB SSD", 20m, 1100, 1900), new("USB-C docking station", 20m, 140, 260),
            new("27\" QHD monitor", 20m, 220, 420), new("Wireless keyboard and mouse set", 20m, 45, 95), new("Ergonomic office chair", 20m, 240, 520)],
        [Category.Training] = [new("Training course: advanced Excel (2 days)", 20m, 690, 1290), new("Management training, per participant", 20m, 900, 2200),
            new("Course handbook", 5.5m, 20, 60)],
        [Category.Hosting] = [new("Compute instances (vCPU-hours)", 20m, 0.03, 0.09), new("Object storage (GB-month)", 20m, 0.01, 0.03),
            new("Managed PostgreSQL, monthly", 20m, 180, 640), new("Premium support plan", 20m, 150, 900)],
        [Category.Logistics] = [new("Pallet transport, Hamburg to Paris", 20m, 180, 420), new("Express courier, next day", 20m, 25, 60),
            new("Fuel surcharge", 20m, 15, 90), new("Warehousing, pallet-month", 20m, 8, 15)],
        [Category.Software] = [new("Pro plan, per seat and month", 20m, 12, 49), new("Additional storage 1 TB", 20m, 9, 25),
            new("Premium support", 20m, 99, 490), new("Onboarding package", 20m, 500, 2500)],
    };

    public static readonly string[] Comments =
    [
        "Livraison partielle, reliquat attendu.", "Merci de vérifier le taux de TVA.", "Validé par le responsable du budget.",
        "Paper copy also received by post.", "En attente du bon de commande signé.", "Unit price differs from the quote.",
    ];
    public static readonly string[] Breakdowns =
        ["Marketing 60 % / Sales 40 %", "Paris / Lyon establishments", "IT 50 % / HR 50 %", "R&D project Orion"];
}
