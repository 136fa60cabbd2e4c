// Installable and offline: registers the service worker (templates/sw.js), says when the phone is offline,
// and hides what needs the server then (starting a session: safety checks run online only). On log out it
// forgets the pages and steps kept on this device.
(function () {
  "use strict";

  if ("serviceWorker" in navigator) {
    window.addEventListener("load", function () {
      navigator.serviceWorker.register("/sw.js", {scope: "/"}).catch(function () { /* works online as before */ });
    });
  }

  function showState() {
    var offline = !navigator.onLine;
    var notice = document.getElementById("offline-notice");
    if (notice) notice.hidden = !offline;
    Array.prototype.forEach.call(document.querySelectorAll("[data-online-only]"), function (el) {
      el.hidden = offline;
    });
  }

  function forgetThisDevice() {
    var done = [];
    if (window.caches) {
      done.push(caches.keys().then(function (names) {
        return Promise.all(names.filter(function (name) { return name.indexOf("bm-pages-") === 0; })
          .map(function (name) { return caches.delete(name); }));
      }));
    }
    if (window.indexedDB) {
      done.push(new Promise(function (resolve) {
        var request = indexedDB.deleteDatabase("bm-offline");
        request.onsuccess = request.onerror = request.onblocked = function () { resolve(); };
      }));
    }
    return Promise.all(done);
  }

  window.addEventListener("online", showState);
  window.addEventListener("offline", showState);
  document.addEventListener("DOMContentLoaded", function () {
    showState();
    var logout = document.querySelector("form.logout");
    if (logout) logout.addEventListener("submit", function (event) {
      if (logout.dataset.forgotten) return;
      event.preventDefault();
      forgetThisDevice().then(function () { logout.dataset.forgotten = "1"; logout.submit(); });
    });
  });
})();
