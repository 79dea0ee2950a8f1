// rsp-lab eIM dashboard: refreshes every [data-live] element from its fragment URL
// (server-rendered, escaped HTML of the same origin) every `data-period` ms (default two
// seconds) while the page is visible, and says when an operation was just queued. No
// library, nothing external.
"use strict";
(function () {
  var PERIOD_MS = 2000;
  var live = document.getElementById("live");
  function refresh(el) {
    var url = el.getAttribute("data-live");
    return fetch(url, { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (html !== null && html !== el.getAttribute("data-last")) {
          el.innerHTML = html;
          el.setAttribute("data-last", html);
          el.setAttribute("data-refreshed", String(Date.now()));
        }
        if (live) { live.hidden = html === null; }
      })
      .catch(function () { if (live) { live.hidden = true; } });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-live]").forEach(function (el) {
      if (live) { live.hidden = false; }
      var period = parseInt(el.getAttribute("data-period"), 10) || PERIOD_MS;
      setInterval(function () {
        if (document.visibilityState === "visible") { refresh(el); }
      }, period);
    });
    var queued = new URLSearchParams(location.search).get("queued");
    var main = document.querySelector("main");
    if (queued && main) {
      var note = document.createElement("p");
      note.className = "note";
      note.id = "queued";
      note.textContent = "Operation " + queued + " queued; it leaves at the device's next poll.";
      main.insertBefore(note, main.firstChild);
    }
  });
})();
