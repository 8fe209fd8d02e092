// docgen default theme: dark-mode toggle, sidebar drawer, current section in the table of
// contents, copy buttons. Everything works without this file; it only adds comfort.
(function () {
  "use strict";
  var root = document.documentElement;
  // The UI strings in the site's language: docgen writes them as this file's first line.
  var strings = window.docgenStrings || {};
  if (!strings.copy) strings = { copy: "Copy", copied: "Copied" };

  var toggle = document.querySelector(".theme-toggle");
  if (toggle) {
    toggle.addEventListener("click", function () {
      var next = root.getAttribute("data-theme") === "dark" ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { localStorage.setItem("docgen-theme", next); } catch (e) {}
    });
  }

  // Navbar dropdowns open on hover and focus (CSS); a click or tap toggles them too.
  var dropdowns = document.querySelectorAll(".navbar-dropdown");
  function closeDropdowns(except, hide) {
    dropdowns.forEach(function (d) {
      if (d === except) return;
      // Escape hides a menu that hover or focus would keep open, until the pointer or the
      // focus leaves it.
      if (hide && (d.classList.contains("is-open") || d.matches(":hover, :focus-within"))) d.classList.add("is-closed");
      d.classList.remove("is-open");
      var b = d.querySelector(".dropdown-toggle");
      if (b) b.setAttribute("aria-expanded", "false");
    });
  }
  dropdowns.forEach(function (d) {
    var button = d.querySelector(".dropdown-toggle");
    if (!button) return;
    function reopen() { d.classList.remove("is-closed"); }
    d.addEventListener("mouseleave", reopen);
    d.addEventListener("focusout", function (e) { if (!d.contains(e.relatedTarget)) reopen(); });
    button.addEventListener("click", function () {
      d.classList.remove("is-closed");
      var open = !d.classList.contains("is-open");
      closeDropdowns(d);
      d.classList.toggle("is-open", open);
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
  });
  document.addEventListener("click", function (e) {
    if (!e.target.closest || !e.target.closest(".navbar-dropdown")) closeDropdowns(null);
  });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") closeDropdowns(null, true); });

  // The announcement bar stays closed once closed, until its id changes.
  var bar = document.querySelector(".announcement");
  if (bar) {
    var key = "docgen-announcement-dismissed";
    try { if (localStorage.getItem(key) === bar.getAttribute("data-id")) root.classList.add("announcement-dismissed"); } catch (e) {}
    var closeBar = bar.querySelector(".announcement-close");
    if (closeBar) closeBar.addEventListener("click", function () {
      root.classList.add("announcement-dismissed");
      try { localStorage.setItem(key, bar.getAttribute("data-id")); } catch (e) {}
    });
  }

  // `hideOnScroll`: the navbar slides away while reading down, and back on the way up.
  var navbar = document.querySelector(".navbar-hideable");
  if (navbar) {
    var lastY = window.scrollY;
    window.addEventListener("scroll", function () {
      var y = window.scrollY;
      navbar.classList.toggle("navbar-hidden", y > lastY && y > 80);
      lastY = y;
    }, { passive: true });
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
  // On a large site a page's sidebar leaves out the items of the collapsed categories it is
  // not in; opening one loads them from theme/sidebar/<sidebar>/<place>.js, the place being
  // the category's index among its siblings at each level (a script, not a fetch, so that
  // this also works from disk).
  var parts = sidebar && sidebar.getAttribute("data-parts");
  if (parts) {
    var waiting = {};
    window.docgenSidebarPart = function (place, html) {
      var details = waiting[place];
      if (!details) return;
      delete waiting[place];
      var from = new URL(parts + place + ".js", location.href);
      details.insertAdjacentHTML("beforeend", html);
      details.lastElementChild.querySelectorAll("a[href]").forEach(function (a) {
        a.setAttribute("href", new URL(a.getAttribute("href"), from).href);
      });
    };
    sidebar.addEventListener("toggle", function (e) {
      var details = e.target;
      if (details.tagName !== "DETAILS" || !details.open || details.querySelector("ul")) return;
      var place = [];
      for (var li = details.parentElement; li && li.tagName === "LI"; ) {
        place.unshift(Array.prototype.indexOf.call(li.parentElement.children, li));
        var up = li.parentElement.parentElement;
        li = up && up.tagName === "DETAILS" ? up.parentElement : null;
      }
      var key = place.join("-");
      if (waiting[key]) return;
      waiting[key] = details;
      var script = document.createElement("script");
      script.src = parts + key + ".js";
      script.onerror = function () { delete waiting[key]; };
      document.head.appendChild(script);
    }, true);
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
  // Tabs: a click selects a tab; tabs sharing a groupId follow it everywhere on the page and on
  // later visits (localStorage, as Docusaurus does); queryString puts the choice in the URL.
  var tabGroups = document.querySelectorAll(".tabs");
  function selectTab(container, value) {
    var found = false;
    Array.prototype.forEach.call(container.querySelectorAll(":scope > .tabs-list > .tabs-tab"), function (tab) {
      var on = tab.getAttribute("data-value") === value;
      found = found || on;
      tab.setAttribute("aria-selected", on ? "true" : "false");
      tab.tabIndex = on ? 0 : -1;
    });
    if (!found) return false;
    Array.prototype.forEach.call(container.querySelectorAll(":scope > .tabs-panel"), function (panel) {
      panel.hidden = panel.getAttribute("data-value") !== value;
    });
    return true;
  }
  function chooseTab(container, value) {
    var group = container.getAttribute("data-group-id");
    if (!group) { selectTab(container, value); return; }
    Array.prototype.forEach.call(tabGroups, function (other) {
      if (other.getAttribute("data-group-id") === group) selectTab(other, value);
    });
    try { localStorage.setItem("docusaurus.tab." + group, value); } catch (e) {}
  }
  // The choice remembered for a group first, then the URL's (which also becomes the group's).
  Array.prototype.forEach.call(tabGroups, function (container) {
    var group = container.getAttribute("data-group-id");
    var stored = null;
    try { stored = group && localStorage.getItem("docusaurus.tab." + group); } catch (e) {}
    if (stored) selectTab(container, stored);
  });
  Array.prototype.forEach.call(tabGroups, function (container) {
    var key = container.getAttribute("data-query-string");
    var wanted = key && new URLSearchParams(location.search).get(key);
    if (wanted && selectTab(container, wanted)) chooseTab(container, wanted);
  });
  Array.prototype.forEach.call(tabGroups, function (container) {
    var key = container.getAttribute("data-query-string");
    container.addEventListener("click", function (event) {
      var tab = event.target.closest(".tabs-tab");
      if (!tab || tab.parentNode.parentNode !== container) return;
      var value = tab.getAttribute("data-value");
      chooseTab(container, value);
      if (key) {
        var url = new URL(location.href);
        url.searchParams.set(key, value);
        history.replaceState(history.state, "", url);
      }
    });
    container.addEventListener("keydown", function (event) {
      var tab = event.target.closest(".tabs-tab");
      if (!tab || (event.key !== "ArrowRight" && event.key !== "ArrowLeft")) return;
      var tabs = Array.prototype.slice.call(tab.parentNode.children);
      var next = tabs[(tabs.indexOf(tab) + (event.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length];
      next.focus();
      next.click();
    });
  });

  // YouTube: nothing is requested from YouTube until the reader clicks; then the no-cookie
  // player replaces the link.
  Array.prototype.forEach.call(document.querySelectorAll(".youtube"), function (box) {
    var link = box.querySelector("a");
    if (!link) return;
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var frame = document.createElement("iframe");
      var start = box.getAttribute("data-start");
      frame.src = "https://www.youtube-nocookie.com/embed/" + encodeURIComponent(box.getAttribute("data-youtube-id")) +
        "?autoplay=1" + (start ? "&start=" + encodeURIComponent(start) : "");
      frame.title = link.textContent.trim();
      frame.allow = "autoplay; encrypted-media; picture-in-picture";
      frame.allowFullscreen = true;
      box.replaceChild(frame, link);
    });
  });

  // Mermaid diagrams, drawn with the script docgen ships in the page's colour scheme, and
  // drawn again when the reader switches it.
  var diagrams = document.querySelectorAll("pre.mermaid");
  function drawDiagrams() {
    var theme = document.documentElement.getAttribute("data-theme") === "dark" ? "dark" : "default";
    Array.prototype.forEach.call(diagrams, function (pre) {
      if (pre.dataset.source === undefined) pre.dataset.source = pre.textContent;
      pre.textContent = pre.dataset.source;
      pre.removeAttribute("data-processed");
    });
    window.mermaid.initialize({ startOnLoad: false, theme: theme, securityLevel: "strict" });
    window.mermaid.run({ nodes: diagrams }).then(function () {
      Array.prototype.forEach.call(diagrams, function (pre) { pre.dataset.drawnTheme = theme; });
    });
  }
  if (window.mermaid && diagrams.length) {
    drawDiagrams();
    new MutationObserver(drawDiagrams).observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
  }
})();
