// Small browser helpers for LuccaInbox (no inline scripts, so the CSP can forbid them).
window.luccaInbox = {
  // Warn before leaving a page with unsaved edits (the Blazor side toggles it).
  setUnsavedGuard(on) {
    window.onbeforeunload = on ? (e) => { e.preventDefault(); e.returnValue = ''; return ''; } : null;
  },
  // Unsaved edits survive a reload or a lost connection in this tab only (sessionStorage: bank details are not
  // left behind in the browser once the tab is closed).
  saveDraft(key, json) { try { sessionStorage.setItem(key, json); } catch { } },
  loadDraft(key) { try { return sessionStorage.getItem(key); } catch { return null; } },
  clearDraft(key) { try { sessionStorage.removeItem(key); } catch { } },
  markInteractive() { document.body.dataset.interactive = 'true'; },
  // The browser's IANA time zone (e.g. Europe/Paris), or null. The server shows times and counts days in it.
  timeZone() { try { return Intl.DateTimeFormat().resolvedOptions().timeZone || null; } catch { return null; } },
};

// Every page load tells the server the person's time zone (cookie LuccaInbox.TimeZone, read by ViewerClock), before
// the circuit starts; the server validates it and uses UTC when it is missing or unknown.
(function () {
  const zone = window.luccaInbox.timeZone();
  if (!zone) return;
  document.cookie = 'LuccaInbox.TimeZone=' + encodeURIComponent(zone) + '; path=/; max-age=31536000; samesite=lax'
    + (location.protocol === 'https:' ? '; secure' : '');
})();

// Document page shortcuts: Alt+S save, Alt+B book, Alt+Arrow next/previous, ? help (not while typing).
(function () {
  let target = null;
  function onKey(e) {
    if (!target) return;
    const typing = ['INPUT', 'TEXTAREA', 'SELECT'].includes(document.activeElement?.tagName);
    let action = null;
    if (e.altKey && !e.ctrlKey && !e.metaKey) {
      if (e.key === 's' || e.key === 'S') action = 'save';
      else if (e.key === 'b' || e.key === 'B') action = 'book';
      else if (e.key === 'ArrowRight') action = 'next';
      else if (e.key === 'ArrowLeft') action = 'previous';
    } else if (e.key === '?' && !typing) action = 'help';
    if (action) {
      e.preventDefault();
      target.invokeMethodAsync('OnShortcut', action);
    }
  }
  window.luccaInbox.registerShortcuts = (dotnet) => { target = dotnet; document.addEventListener('keydown', onKey); };
  window.luccaInbox.unregisterShortcuts = () => { target = null; document.removeEventListener('keydown', onKey); };
})();

// Skip links (a.skip-link, the first Tab stop of a page that offers one): focus what data-focus names (e.g. the grid's
// first document), else the href's target, without a navigation; also before the page is live.
document.addEventListener('click', (e) => {
  const link = e.target instanceof Element ? e.target.closest('a.skip-link') : null;
  if (!link) return;
  const target = (link.dataset.focus && document.querySelector(link.dataset.focus)) || document.querySelector(link.getAttribute('href'));
  if (!target) return;
  e.preventDefault();
  e.stopPropagation();
  if (!target.matches('a, button, input, select, textarea, [tabindex]')) target.setAttribute('tabindex', '-1');
  target.focus();
}, true);
