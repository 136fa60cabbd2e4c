// The Print button above a print preview: a tablet has no Ctrl+P. The button stays hidden until this script runs,
// so a browser without JavaScript shows only the words that say how to print.
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () {
    window.print();
  });
});
