// Dim evening mode: follows the system setting until the parent chooses, then remembers the choice.
// Also fills in the browser's time zone on the sign-up and log-in forms.
(function () {
  var KEY = "bm-theme";
  var root = document.documentElement;
  var stored = null;
  try { stored = localStorage.getItem(KEY); } catch (e) { /* private mode: no memory, still works */ }
  if (stored === "dark" || stored === "light") root.dataset.theme = stored;

  function isDark() {
    if (root.dataset.theme) return root.dataset.theme === "dark";
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  }

  document.addEventListener("DOMContentLoaded", function () {
    // Sign-up and log-in forms send the browser's time zone, so every time is shown in the parent's own.
    var zone = "";
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { /* old browser: the site's zone */ }
    Array.prototype.forEach.call(document.querySelectorAll("input[data-browser-time-zone]"), function (input) {
      input.value = zone;
    });
    var button = document.getElementById("theme-toggle");
    if (!button) return;
    button.hidden = false;
    button.setAttribute("aria-pressed", String(isDark()));
    button.addEventListener("click", function () {
      var next = isDark() ? "light" : "dark";
      root.dataset.theme = next;
      try { localStorage.setItem(KEY, next); } catch (e) { /* ignore */ }
      button.setAttribute("aria-pressed", String(next === "dark"));
    });
  });
})();
