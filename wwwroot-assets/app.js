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

// Document page shortcuts: Alt+S save, Alt+B book, Alt+Arrow next/previous, ? help (not while typing), and Alt+letter
// to the important fields (listed in the shortcuts help, DocumentHeader.razor). Keys by position (e.code), so they
// hold on any keyboard layout and with Alt's dead keys.
(function () {
  let target = null;
  const actions = { KeyS: 'save', KeyB: 'book', ArrowRight: 'next', ArrowLeft: 'previous' };
  const fields = { KeyN: 'field-documentNumber', KeyT: 'field-documentDate', KeyU: 'field-dueDate', KeyX: 'field-excludingTaxes',
    KeyA: 'field-includingTaxes', KeyI: 'field-iban' };
  function onKey(e) {
    if (!target || document.querySelector('.mud-dialog-container')) return;
    const typing = ['INPUT', 'TEXTAREA', 'SELECT'].includes(document.activeElement?.tagName);
    let action = null;
    if (e.altKey && !e.ctrlKey && !e.metaKey) {
      if (fields[e.code] && window.luccaInbox.focusField(fields[e.code])) { e.preventDefault(); return; }
      action = actions[e.code] || actions[e.key] || null;
    } else if (e.key === '?' && !typing) action = 'help';
    if (action) {
      e.preventDefault();
      target.invokeMethodAsync('OnShortcut', action);
    }
  }
  window.luccaInbox.registerShortcuts = (dotnet) => { target = dotnet; document.addEventListener('keydown', onKey); };
  window.luccaInbox.unregisterShortcuts = () => { target = null; document.removeEventListener('keydown', onKey); };
  // Puts the cursor in a form field by its test id, its text selected so typing replaces it. False when it is not there.
  window.luccaInbox.focusField = (testId) => {
    const found = document.querySelector('[data-testid="' + testId + '"]');
    const input = found && (found.matches('input, textarea, select') ? found : found.querySelector('input, textarea, select'));
    if (!input || input.disabled) return false;
    input.focus();
    if (typeof input.select === 'function' && input.tagName !== 'SELECT') input.select();
    return true;
  };
})();

// Dialogs: focus goes into a dialog when it opens (its element marked data-dialog-focus, else its first field or
// primary button) and back where it was when the last dialog closes.
(function () {
  let before = null;
  let open = false;
  // Until the person presses a key or the pointer in it, the dialog's focus is its marked element (primary action or
  // first field), whatever MudBlazor's own focus handling, which comes a moment later, did.
  let touched = false;
  document.addEventListener('keydown', () => { if (open) touched = true; }, true);
  document.addEventListener('pointerdown', () => { if (open) touched = true; }, true);
  function focusInto(dialog) {
    if (touched || !dialog.isConnected) return;
    const el = dialog.querySelector('[data-dialog-focus]:not([disabled])')
      || dialog.querySelector('input:not([disabled]):not([type=hidden]), textarea:not([disabled])')
      || dialog.querySelector('.mud-dialog-actions .mud-button-filled:not([disabled])');
    if (!el || document.activeElement === el) return;
    el.focus();
    if (el.select && el.tagName === 'INPUT') el.select();
  }
  function check() {
    const dialogs = document.querySelectorAll('.mud-dialog-container .mud-dialog');
    if (dialogs.length && !open) {
      open = true;
      touched = false;
      before = document.activeElement && document.activeElement !== document.body ? document.activeElement : null;
      const dialog = dialogs[dialogs.length - 1];
      // Again after MudBlazor's own focus handling of the new dialog, which comes a moment later.
      for (const ms of [0, 100, 300, 600]) setTimeout(() => focusInto(dialog), ms);
    } else if (!dialogs.length && open) {
      open = false;
      const back = before;
      before = null;
      setTimeout(() => {
        const lost = !document.activeElement || document.activeElement === document.body;
        if (back && back.isConnected && lost) back.focus();
      }, 0);
    }
  }
  function start() { new MutationObserver(check).observe(document.body, { childList: true, subtree: true }); }
  if (document.body) start(); else document.addEventListener('DOMContentLoaded', start);
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

// Invoice check: while a form field (or its verdict) has focus or the pointer, its value's place on the page image is
// highlighted. The verdict carries it (data-where="page,left,top,width,height" in fractions of the page).
(() => {
  function boxOf(target) {
    const cell = target instanceof Element ? target.closest('.field-cell, [data-testid="tax-line"]') : null;
    const mark = cell && (cell.querySelector('[data-where]') || (cell.nextElementSibling && cell.nextElementSibling.matches('[data-where]') ? cell.nextElementSibling : null));
    return mark && mark.dataset.where ? mark : null;
  }
  function hide() { document.querySelectorAll('.where-box').forEach(b => b.hidden = true); }
  function show(target, scroll) {
    hide();
    const mark = boxOf(target);
    if (!mark) return;
    const [page, left, top, width, height] = mark.dataset.where.split(',').map(Number);
    const frame = document.querySelector(`.page-frame[data-file="${CSS.escape(mark.dataset.whereFile || '')}"][data-page="${page}"]`);
    const box = frame && frame.querySelector('.where-box');
    if (!box) return;
    const pad = 0.004;
    Object.assign(box.style, { left: `${(left - pad) * 100}%`, top: `${(top - pad) * 100}%`, width: `${(width + 2 * pad) * 100}%`, height: `${(height + 2 * pad) * 100}%` });
    box.hidden = false;
    if (scroll) box.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }
  document.addEventListener('focusin', e => show(e.target, true));
  document.addEventListener('mouseover', e => { if (boxOf(e.target)) show(e.target, false); });
})();
