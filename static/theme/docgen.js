// docgen default theme: dark-mode toggle, sidebar drawer, current section in the table of
// contents, copy buttons. Everything works without this file; it only adds comfort.
(function () {
  "use strict";
  var root = document.documentElement;
  var strings = { copy: "Copy", copied: "Copied" };
  try { strings = JSON.parse(document.getElementById("docgen-strings").textContent); } catch (e) {}

  var toggle = document.querySelector(".theme-toggle");
  if (toggle) {
    toggle.addEventListener("click", function () {
      var next = root.getAttribute("data-theme") === "dark" ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { localStorage.setItem("docgen-theme", next); } catch (e) {}
    });
  }

  var menu = document.querySelector(".menu-toggle");
  var sidebar = document.getElementById("sidebar");
  function setDrawer(open) {
    document.body.classList.toggle("sidebar-open", open);
    if (menu) menu.setAttribute("aria-expanded", open ? "true" : "false");
    if (open && sidebar) {
      var first = sidebar.querySelector("a, summary");
      if (first) first.focus();
    }
  }
  if (menu && sidebar) {
    menu.addEventListener("click", function (e) {
      e.preventDefault();
      setDrawer(!document.body.classList.contains("sidebar-open"));
    });
    var close = sidebar.querySelector(".sidebar-close");
    if (close) close.addEventListener("click", function (e) { e.preventDefault(); setDrawer(false); menu.focus(); });
    document.addEventListener("click", function (e) {
      if (document.body.classList.contains("sidebar-open") && !sidebar.contains(e.target) && !menu.contains(e.target)) setDrawer(false);
    });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && document.body.classList.contains("sidebar-open")) { setDrawer(false); menu.focus(); }
    });
  }
  if (sidebar) {
    var current = sidebar.querySelector('[aria-current="page"]');
    if (current && current.scrollIntoView) current.scrollIntoView({ block: "center" });
  }

  // On narrow screens the table of contents starts folded above the article.
  var tocDetails = document.querySelector(".toc-details");
  if (tocDetails && window.matchMedia("(max-width: 996px)").matches) tocDetails.removeAttribute("open");

  var tocLinks = Array.prototype.slice.call(document.querySelectorAll(".toc a[href^='#']"));
  if (tocLinks.length && "IntersectionObserver" in window) {
    var byId = {};
    tocLinks.forEach(function (a) { byId[decodeURIComponent(a.getAttribute("href").slice(1))] = a; });
    var headings = Object.keys(byId).map(function (id) { return document.getElementById(id); }).filter(Boolean);
    var visible = {};
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) { visible[entry.target.id] = entry.isIntersecting; });
      var active = null;
      for (var i = 0; i < headings.length; i++) {
        if (visible[headings[i].id]) { active = headings[i]; break; }
        if (headings[i].getBoundingClientRect().top < 120) active = headings[i];
      }
      tocLinks.forEach(function (a) { a.classList.remove("is-active"); });
      if (active && byId[active.id]) byId[active.id].classList.add("is-active");
    }, { rootMargin: "-60px 0px -60% 0px" });
    headings.forEach(function (h) { observer.observe(h); });
  }

  Array.prototype.forEach.call(document.querySelectorAll(".code-block"), function (block) {
    var code = block.querySelector("code");
    if (!code || !navigator.clipboard) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-button";
    button.textContent = strings.copy;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(code.innerText.replace(/\n$/, "")).then(function () {
        button.textContent = strings.copied;
        setTimeout(function () { button.textContent = strings.copy; }, 1500);
      });
    });
    block.appendChild(button);
  });
})();
