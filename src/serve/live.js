// docgen serve: live reload. Injected only by `docgen serve`, never into `docgen build` output.
(function () {
  "use strict";
  var KEY = "docgen-scroll";
  try {
    var saved = JSON.parse(sessionStorage.getItem(KEY) || "null");
    if (saved && saved.path === location.pathname) {
      window.scrollTo(0, saved.y);
      sessionStorage.removeItem(KEY);
    }
  } catch (e) {}

  function reload() {
    try { sessionStorage.setItem(KEY, JSON.stringify({ path: location.pathname, y: window.scrollY })); } catch (e) {}
    location.reload();
  }

  function swapStylesheets() {
    Array.prototype.forEach.call(document.querySelectorAll('link[rel="stylesheet"]'), function (link) {
      var url = new URL(link.href);
      url.searchParams.set("docgen", Date.now().toString());
      var fresh = link.cloneNode();
      fresh.href = url.toString();
      fresh.onload = function () { link.remove(); };
      link.after(fresh);
    });
  }

  function overlay(message) {
    var box = document.getElementById("docgen-error-overlay");
    if (!message) {
      if (box) box.remove();
      return;
    }
    if (!box) {
      box = document.createElement("div");
      box.id = "docgen-error-overlay";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:2rem;" +
        "background:rgba(20,20,24,.94);color:#ffdede;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace";
      var title = document.createElement("h2");
      title.textContent = "docgen: the site does not build";
      title.style.cssText = "color:#ff8a80;font:600 18px system-ui,sans-serif;margin:0 0 1rem";
      var pre = document.createElement("pre");
      pre.style.cssText = "white-space:pre-wrap;margin:0";
      box.appendChild(title);
      box.appendChild(pre);
      document.body.appendChild(box);
    }
    box.querySelector("pre").textContent = message;
  }

  var hadError = false;
  function connect() {
    var source = new EventSource("/__docgen/events");
    source.onmessage = function (event) {
      var data;
      try { data = JSON.parse(event.data); } catch (e) { return; }
      if (data.type === "error") {
        hadError = true;
        overlay(data.message);
      } else if (data.type === "ok") {
        if (hadError) { hadError = false; overlay(null); reload(); }
      } else if (data.type === "css") {
        overlay(null);
        swapStylesheets();
      } else if (data.type === "reload") {
        overlay(null);
        reload();
      }
    };
    source.onerror = function () {
      source.close();
      setTimeout(connect, 1000);
    };
  }
  connect();
})();
