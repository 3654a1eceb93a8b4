// The draft editor's two small behaviours, without a framework: the cursor's offset travels with
// each validation request (the server suggests fields at that path), and a suggestion clicked is
// typed at the cursor, replacing the word being typed.
(function () {
  const yaml = document.getElementById('yaml');
  const cursor = document.getElementById('cursor');
  if (!yaml || !cursor) return;
  const remember = () => { cursor.value = String(yaml.selectionStart); };
  for (const type of ['keyup', 'click', 'select']) yaml.addEventListener(type, remember);
  document.addEventListener('click', (event) => {
    const button = event.target.closest && event.target.closest('button.suggestion');
    if (!button) return;
    const at = yaml.selectionStart;
    const before = yaml.value.slice(0, at);
    const word = button.dataset.kind === 'value' ? /[^\s:]*$/.exec(before)[0] : /[\w-]*$/.exec(before)[0];
    const text = button.dataset.insert;
    yaml.value = before.slice(0, before.length - word.length) + text + yaml.value.slice(at);
    const end = before.length - word.length + text.length;
    yaml.focus();
    yaml.setSelectionRange(end, end);
    remember();
    yaml.dispatchEvent(new KeyboardEvent('keyup', { bubbles: true }));
  });
})();
