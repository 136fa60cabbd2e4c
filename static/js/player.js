// The guided session player: a countdown per step, read-aloud and hands-free moving on, the screen
// kept awake, and a gentle signal when time is up. Everything here is an extra: the forms and links in
// the page work without it. Nothing is sent anywhere; speech uses the browser's own voices.
(function () {
  "use strict";

  var store = {
    get: function (key, fallback) {
      try { var value = localStorage.getItem(key); return value === null ? fallback : value; } catch (e) { return fallback; }
    },
    set: function (key, value) {
      try { localStorage.setItem(key, value); } catch (e) { /* private mode: the choice is not remembered */ }
    }
  };

  var timer = null;        // {step, remaining, paused, handle}
  var speechFallback = null;
  var wakeLock = null;

  function controls() {
    return {
      handsFree: document.getElementById("hands-free"),
      rate: document.getElementById("voice-rate"),
      signal: document.getElementById("end-signal"),
      wake: document.getElementById("wake-status")
    };
  }

  function format(seconds) {
    var s = Math.max(seconds, 0), m = Math.floor(s / 60), r = s % 60;
    return m + ":" + (r < 10 ? "0" : "") + r;
  }

  function stopTimer() {
    if (timer && timer.handle) clearInterval(timer.handle);
    if (speechFallback) clearTimeout(speechFallback);
    speechFallback = null;
  }

  function render(card) {
    var box = card.querySelector(".countdown");
    if (!box || !timer) return;
    box.querySelector(".time").textContent = format(timer.remaining);
    var toggle = document.querySelector('[data-countdown="toggle"]');
    if (toggle) {
      toggle.textContent = timer.paused ? toggle.dataset.resume : toggle.dataset.pause;
      toggle.setAttribute("aria-pressed", String(timer.paused));
    }
    // The drawing's moving dots keep time with the countdown.
    Array.prototype.forEach.call(card.querySelectorAll("svg.dg"), function (svg) {
      if (timer.paused && !svg.animationsPaused()) svg.pauseAnimations();
      if (!timer.paused && svg.animationsPaused()) svg.unpauseAnimations();
    });
  }

  function showCountdownButtons(show) {
    Array.prototype.forEach.call(document.querySelectorAll(".thumb-bar [data-countdown]"), function (button) {
      button.classList.toggle("waiting", !show);
    });
  }

  function announce(card, text) {
    var status = card.querySelector(".countdown-status");
    if (status) status.textContent = text;
  }

  function signal() {
    if (!controls().signal || !controls().signal.checked) return;
    if (navigator.vibrate) navigator.vibrate([200, 100, 200]);
    try {
      var Audio = window.AudioContext || window.webkitAudioContext;
      var ctx = new Audio(), tone = ctx.createOscillator(), gain = ctx.createGain();
      tone.frequency.value = 528;
      gain.gain.value = 0.08;
      tone.connect(gain);
      gain.connect(ctx.destination);
      tone.start();
      tone.stop(ctx.currentTime + 0.4);
    } catch (e) { /* no sound available */ }
  }

  function timeUp(card) {
    stopTimer();
    Array.prototype.forEach.call(card.querySelectorAll("svg.dg"), function (svg) { svg.pauseAnimations(); });
    card.querySelector(".countdown").classList.add("done");
    announce(card, document.getElementById("player-tools").dataset.timeUp);
    signal();
    var next = card.querySelector("[data-advance]");
    if (!next) return;
    if (controls().handsFree && controls().handsFree.checked) {
      next.click();
    } else {
      next.focus();
    }
  }

  function runCountdown(card) {
    var box = card.querySelector(".countdown");
    if (!box || !timer) return;
    box.classList.remove("waiting");
    render(card);
    timer.handle = setInterval(function () {
      if (timer.paused) return;
      timer.remaining -= 1;
      render(card);
      if (timer.remaining <= 0) timeUp(card);
    }, 1000);
  }

  function spokenText(elements) {
    return Array.prototype.map.call(elements, function (el) {
      return el.textContent.trim().replace(/[.:]?$/, ".");
    }).join(" ");
  }

  function speak(card, then) {
    // The step in words; a turn of the baby is said on its own first (turnFirst).
    speakText(spokenText(card.querySelectorAll("[data-speak]:not(.turn [data-speak])")), then);
  }

  // A voice for the page's language ("ru" matches "ru-RU"); null when the browser lists none for it. An empty
  // list means the voices are not known yet: the browser then picks one from the utterance's language.
  function voiceFor(voices, lang) {
    for (var i = 0; i < voices.length; i++) {
      if ((voices[i].lang || "").toLowerCase().split(/[-_]/)[0] === lang) return voices[i];
    }
    return null;
  }

  function noVoice() {
    var status = document.getElementById("voice-status");
    if (status && !status.textContent) status.textContent = status.dataset.noVoice;
  }

  function speakText(text, then) {
    if (!text || !("speechSynthesis" in window)) { then(); return; }
    var done = false;
    function go() { if (!done) { done = true; then(); } }
    window.speechSynthesis.cancel();
    var lang = document.documentElement.lang || "en";
    var voices = window.speechSynthesis.getVoices ? window.speechSynthesis.getVoices() : [];
    var voice = voiceFor(voices, lang);
    if (voices.length && !voice) { noVoice(); then(); return; }  // no voice speaks it: say so, keep counting
    var utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = lang;
    if (voice) utterance.voice = voice;
    utterance.rate = parseFloat(controls().rate ? controls().rate.value : "0.9");
    utterance.onend = go;
    utterance.onerror = go;
    // Some browsers have no voice and never end: go on after about the time it takes to read.
    speechFallback = setTimeout(go, Math.min(4000 + text.split(/\s+/).length * 400, 30000));
    window.speechSynthesis.speak(utterance);
  }

  function speakThenCount(card) {
    var handsFree = controls().handsFree && controls().handsFree.checked;
    if (!handsFree) { runCountdown(card); return; }
    speak(card, function () { runCountdown(card); });
  }

  function pause(card) {
    if (!timer) return;
    timer.paused = true;
    if ("speechSynthesis" in window) window.speechSynthesis.cancel();
    render(card);
  }

  function initCard(card, focusTitle) {
    if (!card) return;
    var step = card.dataset.step;
    var seconds = parseInt(card.dataset.seconds || "0", 10);
    var sameStep = timer && timer.step === step;
    var remaining = sameStep ? timer.remaining : seconds;
    stopTimer();
    timer = step && seconds ? { step: step, remaining: remaining, paused: false, handle: null } : null;
    showCountdownButtons(Boolean(timer));
    var fussing = document.querySelector("details.fussing");
    if (fussing) fussing.open = false;  // the cue is noted: the card itself now offers what to do
    if (focusTitle) {
      // Screen readers start at the new step; the page stays where the parent's thumb is.
      var title = card.querySelector("#step-title");
      if (title) title.focus({preventScroll: true});
    }
    if (!timer) return;
    if (card.dataset.fussing === "1") { timer.paused = true; runCountdown(card); return; }
    if (sameStep) { runCountdown(card); return; }
    turnFirst(card, function () { speakThenCount(card); });
  }

  // When the routine lies the baby differently, the card asks to turn the baby first; its step and countdown
  // wait until the parent says the baby has turned (hands-free: after saying it, and a few seconds to do it).
  var pendingTurn = null;
  var TURN_SECONDS = 6;

  function turnFirst(card, then) {
    var button = card.querySelector(".turn [data-turned]");
    if (!button) { then(); return; }
    card.classList.add("turning");
    button.hidden = false;
    pendingTurn = {card: card, then: then};
    if (controls().handsFree && controls().handsFree.checked) {
      speakText(spokenText(card.querySelectorAll(".turn [data-speak]")), function () {
        speechFallback = setTimeout(function () { turned(card); }, TURN_SECONDS * 1000);
      });
    }
  }

  function turned(card) {
    if (!pendingTurn || pendingTurn.card !== card) return;
    var then = pendingTurn.then;
    pendingTurn = null;
    card.classList.remove("turning");
    card.querySelector(".turn").hidden = true;
    var title = card.querySelector("#step-title");
    if (title) title.focus({preventScroll: true});
    then();
  }

  // --- Offline: a session started online goes on without the network ---------------------------------
  // When the player opens online, every card still ahead is fetched and kept in IndexedDB. Offline, a
  // step's "Done" shows the next kept card and queues the step; the queue is sent in order when the
  // connection returns (the server counts a step sent twice once). Workbox's background sync would replay
  // the queue when the browser chooses; here it must go in order, while the parent watches, and show it.
  var DB = "bm-offline";

  function idb(store, mode, work) {
    return new Promise(function (resolve, reject) {
      var open = indexedDB.open(DB, 1);
      open.onupgradeneeded = function () {
        open.result.createObjectStore("sessions");
        open.result.createObjectStore("queue", {autoIncrement: true});
      };
      open.onerror = function () { reject(open.error); };
      open.onsuccess = function () {
        var db = open.result, tx = db.transaction(store, mode), request = work(tx.objectStore(store));
        tx.oncomplete = function () { db.close(); resolve(request ? request.result : undefined); };
        tx.onerror = tx.onabort = function () { db.close(); reject(tx.error); };
      };
    });
  }

  function player() { return document.querySelector(".player[data-cards-url]"); }
  function sessionKey() { return player().dataset.playerUrl; }
  function kept() { return idb("sessions", "readonly", function (s) { return s.get(sessionKey()); }); }
  function keep(state) { return idb("sessions", "readwrite", function (s) { return s.put(state, sessionKey()); }); }

  function queued() {
    return idb("queue", "readonly", function (s) { return s.getAll(); });
  }

  function showOffline(text) {
    var notice = document.getElementById("player-offline");
    if (!notice) return;
    if (!notice.dataset.offline) notice.dataset.offline = notice.textContent;
    notice.textContent = text || notice.dataset.offline;
    notice.hidden = false;
  }

  function swapCard(html) {
    var old = document.getElementById("step-card");
    var holder = document.createElement("div");
    holder.innerHTML = html.trim();
    var card = holder.firstElementChild;
    old.replaceWith(card);
    if (window.htmx) htmx.process(card);
    initCard(card, true);
  }

  function showPosition(state, position) {
    state.position = position;
    var card = state.cards.filter(function (c) { return c.position === position; })[0];
    if (state.gentle === true) swapCard(state.gentleHtml);
    else if (card) swapCard(card.html);
    else swapCard(document.getElementById("offline-finished").innerHTML);
    return keep(state);
  }

  function fetchCards() {
    var url = player().dataset.cardsUrl;
    return fetch(url, {credentials: "same-origin", headers: {"HX-Request": "true"}}).then(function (response) {
      if (!response.ok) throw new Error("cards " + response.status);
      return response.json();
    }).then(function (data) {
      return keep({position: data.position, cards: data.cards, gentleHtml: data.gentle, gentle: false})
        .then(function () { document.body.dataset.offlineReady = "1"; });
    });
  }

  function queueAndMove(path, body) {
    return kept().then(function (state) {
      if (!state) return;
      var params = new URLSearchParams(body), position = state.position;
      var add = idb("queue", "readwrite", function (s) { return s.add({key: sessionKey(), path: path, body: body}); });
      return add.then(function () {
        showOffline();
        if (/\/end-gently\/$/.test(path)) { state.gentle = true; return showPosition(state, position); }
        if (!/\/advance\/$/.test(path)) return keep(state);
        var here = state.cards.filter(function (c) { return c.position === position; })[0];
        if (!here || String(here.step) !== params.get("step")) return keep(state);  // a stale tap
        var next = position + 1;
        if (params.get("action") === "skip_area") {
          while (state.cards.some(function (c) { return c.position === next && c.area === here.area; })) next += 1;
        }
        return showPosition(state, next);
      });
    });
  }

  var flushing = false;
  function flush() {
    if (flushing || !navigator.onLine || !player()) return Promise.resolve();
    flushing = true;
    var token = JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"];
    return idb("queue", "readonly", function (s) { return s.getAllKeys(); }).then(function (keys) {
      return queued().then(function (items) {
        var sent = 0;
        function next(i) {
          if (i >= items.length) return Promise.resolve(sent);
          if (items[i].key !== sessionKey()) return next(i + 1);
          return fetch(items[i].path, {
            method: "POST", credentials: "same-origin", body: items[i].body,
            headers: {"Content-Type": "application/x-www-form-urlencoded", "X-CSRFToken": token, "HX-Request": "true"}
          }).then(function (response) {
            var redirect = response.headers.get("HX-Redirect");
            if (response.status === 403 && redirect) {  // today's check ran out: check again, then come back
              window.location.href = redirect;
              throw new Error("gate");
            }
            return idb("queue", "readwrite", function (s) { return s.delete(keys[i]); });
          }).then(function () { sent += 1; return next(i + 1); });
        }
        return next(0);
      });
    }).then(function (sent) {
      flushing = false;
      if (!sent) return;
      var notice = document.getElementById("player-offline");
      showOffline(notice.dataset.saved);
      document.body.dataset.queue = "0";
      return fetchCards().then(function () {
        htmx.ajax("GET", sessionKey(), {target: "#step-card", swap: "outerHTML"});
      });
    }).catch(function () { flushing = false; });
  }

  function interceptOffline(event, config) {
    var card = document.getElementById("step-card");
    if (!card || !card.contains(event.target) && !event.target.closest(".player")) return;
    event.preventDefault();
    var body = new URLSearchParams(config.formData || []).toString();
    if ((config.verb || "").toLowerCase() === "get") {
      kept().then(function (state) { if (state) showPosition(state, state.position); });
      return;
    }
    document.body.dataset.queue = "1";
    queueAndMove(config.path, body);
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!player() || !window.indexedDB) return;
    document.body.addEventListener("htmx:configRequest", function (event) {
      if (!navigator.onLine) interceptOffline(event, event.detail);
    });
    document.body.addEventListener("htmx:sendError", function (event) {
      // The connection dropped without the browser noticing: keep the step (sending it twice counts once).
      var config = event.detail.requestConfig || {};
      config.formData = config.formData || (event.detail.requestConfig && event.detail.requestConfig.parameters);
      interceptOffline({target: event.detail.elt, preventDefault: function () {}}, config);
    });
    window.addEventListener("online", flush);
    window.addEventListener("offline", function () { showOffline(); });
    if (navigator.onLine) {
      flush().then(function () { return fetchCards(); }).catch(function () { /* the player still works online */ });
    } else {
      showOffline();
      kept().then(function (state) {
        var card = document.getElementById("step-card");
        if (state && card && state.position !== parseInt(card.dataset.position, 10)) showPosition(state, state.position);
      });
    }
  });

  function keepAwake() {
    var status = controls().wake;
    if (!("wakeLock" in navigator)) {
      if (status) status.textContent = status.dataset.unsupported;
      return;
    }
    navigator.wakeLock.request("screen").then(function (lock) {
      wakeLock = lock;
      if (status) status.textContent = status.dataset.awake;
    }).catch(function () {
      if (status) status.textContent = status.dataset.unsupported;
    });
  }

  document.addEventListener("visibilitychange", function () {
    // The browser lets go of the wake lock when the tab is hidden; take it again on return.
    if (document.visibilityState === "visible" && (!wakeLock || wakeLock.released)) keepAwake();
  });

  document.addEventListener("DOMContentLoaded", function () {
    var tools = document.getElementById("player-tools");
    if (!tools) return;
    tools.hidden = false;
    var c = controls();
    c.rate.value = store.get("bm-voice-rate", c.rate.value);
    c.rate.addEventListener("change", function () { store.set("bm-voice-rate", c.rate.value); });
    c.signal.checked = store.get("bm-end-signal", "0") === "1";
    c.signal.addEventListener("change", function () { store.set("bm-end-signal", c.signal.checked ? "1" : "0"); });
    c.handsFree.addEventListener("change", function () {
      if (!c.handsFree.checked) {
        if ("speechSynthesis" in window) window.speechSynthesis.cancel();
        return;
      }
      var card = document.getElementById("step-card");
      if (card) speak(card, function () {});  // switched on mid-step: read this step now
    });
    var toggle = document.querySelector('[data-countdown="toggle"]');
    if (toggle) {
      toggle.dataset.pause = toggle.textContent;
      toggle.dataset.resume = tools.dataset.resumeLabel;
    }
    keepAwake();
    var fussing = document.querySelector("details.fussing");
    if (fussing) fussing.addEventListener("toggle", function () {
      var card = document.getElementById("step-card");
      if (fussing.open && card) pause(card);
    });
    // One listener for the countdown's buttons, whichever step card htmx has swapped in.
    document.addEventListener("click", function (event) {
      if (event.target.closest("[data-turned]")) { turned(document.getElementById("step-card")); return; }
      var button = event.target.closest("[data-countdown]");
      var card = document.getElementById("step-card");
      if (!button || !card || !timer) return;
      if (button.dataset.countdown === "more") {
        timer.remaining += 15;
        render(card);
      } else if (timer.paused) {
        timer.paused = false;
        render(card);
      } else {
        pause(card);
      }
    });
    initCard(document.getElementById("step-card"), false);
    document.body.addEventListener("htmx:load", function (event) {
      if (event.detail.elt.id === "step-card") initCard(event.detail.elt, true);
    });
  });
})();
