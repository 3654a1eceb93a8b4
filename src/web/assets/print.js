// The forms' print button (no inline script: the pages' content security policy allows only files).
document.addEventListener('click', (event) => {
  if (event.target instanceof Element && event.target.closest('[data-print]')) window.print();
});
