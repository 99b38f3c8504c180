// Small browser helpers for LuccaInbox (no inline scripts, so the CSP can forbid them).
window.luccaInbox = {
  // Warn before leaving a page with unsaved edits (the Blazor side toggles it).
  setUnsavedGuard(on) {
    window.onbeforeunload = on ? (e) => { e.preventDefault(); e.returnValue = ''; return ''; } : null;
  },
  saveDraft(key, json) { try { localStorage.setItem(key, json); } catch { } },
  loadDraft(key) { try { return localStorage.getItem(key); } catch { return null; } },
  clearDraft(key) { try { localStorage.removeItem(key); } catch { } },
};
