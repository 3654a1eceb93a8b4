// Forms with data-confirm ask before they submit. A file, not an onsubmit attribute: the content
// security policy forbids inline handlers (src/api/security-plugin.ts).
document.addEventListener('submit', (event) => {
  const form = event.target;
  if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) event.preventDefault();
});
