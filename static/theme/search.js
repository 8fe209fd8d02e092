// docgen default theme: the search dialog. It loads the site's Pagefind index (built by docgen
// into pagefind/) only when the reader opens the dialog, so pages cost nothing until then.
// Opened with the header button, "/" or Ctrl/Cmd-K; results as you type; arrows, Enter, Escape.
(function () {
  "use strict";
  var button = document.querySelector(".search-button");
  if (!button) return;
  // The UI strings, in the site's language: the first line of theme/docgen.js.
  var given = window.docgenStrings || {};
  var strings = {
    title: given.search, placeholder: given.search_placeholder, results: given.search_results,
    close: given.close, no_results: given.search_no_results, unavailable: given.search_unavailable,
    unavailable_file: given.search_unavailable_file
  };
  // The dialog is made here, not in every page's HTML: without this script it would be useless.
  var dialog = document.createElement("dialog");
  dialog.className = "search-dialog";
  dialog.setAttribute("aria-labelledby", "search-title");
  dialog.innerHTML =
    '<form class="search-form" role="search" method="dialog">' +
    '<h2 id="search-title" class="search-title"></h2>' +
    '<input class="search-input" type="search" autocomplete="off" spellcheck="false" aria-controls="search-results" aria-autocomplete="list">' +
    '<button class="search-close" type="button"><kbd>Esc</kbd></button></form>' +
    '<p class="search-status" role="status" aria-live="polite" hidden></p>' +
    '<ul id="search-results" class="search-results" role="listbox"></ul>';
  var input = dialog.querySelector(".search-input");
  var list = dialog.querySelector(".search-results");
  var status = dialog.querySelector(".search-status");
  dialog.querySelector(".search-title").textContent = strings.title || "Search";
  input.setAttribute("aria-label", strings.title || "Search");
  input.setAttribute("placeholder", strings.placeholder || "");
  list.setAttribute("aria-label", strings.results || "");
  dialog.querySelector(".search-close").setAttribute("aria-label", strings.close || "Close");
  document.body.appendChild(dialog);
  // The site root, from this page's relative path to it: works under any sub-path.
  var root = new URL(button.getAttribute("data-root") || "./", document.baseURI);
  var version = button.getAttribute("data-version") || "";
  var pagefind = null;
  var loading = null;
  var active = -1;
  var generation = 0;
  var timer = null;

  function say(text) {
    status.textContent = text || "";
    status.hidden = !text;
  }

  function load() {
    if (pagefind) return Promise.resolve(pagefind);
    if (loading) return loading;
    if (location.protocol === "file:") return Promise.reject(new Error("file"));
    loading = import(new URL("pagefind/pagefind.js", root).href).then(function (module) {
      return Promise.resolve(module.options ? module.options({ excerptLength: 24 }) : null).then(function () {
        if (module.init) module.init();
        return mergeShards(module);
      }).then(function () {
        pagefind = module;
        return module;
      });
    });
    loading.catch(function () { loading = null; });
    return loading;
  }

  // A large site's index comes in several bundles (docgen-shards.json lists those past the
  // first, by language); the ones of this page's language are merged into the first.
  function mergeShards(module) {
    return fetch(new URL("pagefind/docgen-shards.json", root).href).then(function (response) {
      if (!response.ok) throw new Error("docgen-shards.json: " + response.status);
      return response.json();
    }).then(function (shards) {
      var lang = (document.documentElement.lang || "unknown").toLowerCase();
      var dirs = shards[lang] || shards[lang.split("-")[0]] || [];
      return Promise.all(dirs.map(function (dir) {
        return module.mergeIndex(new URL("pagefind/" + dir, root).href);
      }));
    });
  }

  function open() {
    if (dialog.open) return;
    if (dialog.showModal) dialog.showModal(); else dialog.setAttribute("open", "");
    input.focus();
    input.select();
    if (location.protocol === "file:") { say(strings.unavailable_file); return; }
    load().catch(function () { say(strings.unavailable); });
    if (input.value) search(input.value);
  }

  function close() {
    if (!dialog.open) return;
    if (dialog.close) dialog.close(); else dialog.removeAttribute("open");
  }

  function setActive(index) {
    var options = list.querySelectorAll("[role=option]");
    if (!options.length) { active = -1; input.removeAttribute("aria-activedescendant"); return; }
    active = (index + options.length) % options.length;
    options.forEach(function (option, i) { option.setAttribute("aria-selected", i === active ? "true" : "false"); });
    input.setAttribute("aria-activedescendant", options[active].id);
    options[active].scrollIntoView({ block: "nearest" });
  }

  // Pagefind puts the folder it was loaded from in front of its URLs: they are absolute paths
  // on this host, under whatever sub-path the site lives.
  function siteUrl(url) {
    return new URL(url, location.href).href;
  }

  function option(id, href, title, heading, excerpt) {
    var li = document.createElement("li");
    li.className = "search-result";
    li.id = id;
    li.setAttribute("role", "option");
    li.setAttribute("aria-selected", "false");
    var a = document.createElement("a");
    a.href = href;
    a.tabIndex = -1;
    var t = document.createElement("span");
    t.className = "search-result-title";
    t.textContent = title;
    a.appendChild(t);
    if (heading) {
      var h = document.createElement("span");
      h.className = "search-result-heading";
      h.textContent = heading;
      a.appendChild(h);
    }
    var p = document.createElement("span");
    p.className = "search-result-excerpt";
    // Pagefind's excerpt is the page's own text, escaped, with matches in <mark>.
    p.innerHTML = excerpt;
    a.appendChild(p);
    li.appendChild(a);
    return li;
  }

  function show(results, query) {
    list.textContent = "";
    active = -1;
    input.removeAttribute("aria-activedescendant");
    if (!results.length) {
      say((strings.no_results || "No results for “{query}”").replace("{query}", query));
      return;
    }
    say("");
    results.forEach(function (data, i) {
      var sub = (data.sub_results || []).filter(function (s) { return s.url !== data.url; })[0];
      var title = (data.meta && data.meta.title) || data.url;
      var href = siteUrl(sub ? sub.url : data.url);
      var heading = sub && sub.title !== title ? sub.title : "";
      list.appendChild(option("search-result-" + i, href, title, heading, sub ? sub.excerpt : data.excerpt));
    });
    setActive(0);
  }

  // Indonesian words made with the prefix pe(r)- lose the r of a root that starts with one
  // (pe + rencana + an = "perencanaan"), and the Snowball stemmer then strips "per", leaving
  // "encana", while "rencana" and "merencanakan" stem to "rencana". So on Indonesian pages a
  // query is also searched in the other form ("rencana", "merencanakan", "direncanakan" as
  // "perencana…"; "perencanaan" as "rencanaan"), and the results are merged.
  var indonesian = /^(id|in)(-|$)/i.test(document.documentElement.lang || "");
  function variants(query) {
    if (!indonesian) return [query];
    var words = query.split(/\s+/);
    var other = words.map(function (w) {
      var lower = w.toLowerCase();
      var made = /^pe(r[aeiou].*)$/.exec(lower);
      if (made) return made[1];
      var root = /^(?:me|di|ter|ke)?(r[aeiou].*)$/.exec(lower);
      return root ? "pe" + root[1] : lower;
    }).join(" ");
    return other === query.toLowerCase() ? [query] : [query, other];
  }

  function best(searches) {
    var byId = {};
    searches.forEach(function (found) {
      (found ? found.results : []).forEach(function (r) {
        if (!byId[r.id] || byId[r.id].score < r.score) byId[r.id] = r;
      });
    });
    return Object.keys(byId).map(function (id) { return byId[id]; })
      .sort(function (a, b) { return b.score - a.score; });
  }

  function search(query) {
    var mine = ++generation;
    query = query.trim();
    if (!query) { list.textContent = ""; say(""); return; }
    load().then(function (pf) {
      // On versioned docs, results come from the reader's version.
      var options = version ? { filters: { version: version } } : {};
      return Promise.all(variants(query).map(function (q) { return pf.search(q, options); }));
    }).then(function (searches) {
      if (mine !== generation || searches.some(function (s) { return !s; })) return null;
      return Promise.all(best(searches).slice(0, 8).map(function (r) { return r.data(); }));
    }).then(function (results) {
      if (mine === generation && results) show(results, query);
    }).catch(function () {
      if (mine === generation) say(location.protocol === "file:" ? strings.unavailable_file : strings.unavailable);
    });
  }

  button.addEventListener("click", open);
  dialog.addEventListener("close", function () { button.focus(); });
  dialog.querySelector(".search-close").addEventListener("click", close);
  dialog.addEventListener("click", function (e) { if (e.target === dialog) close(); });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { search(input.value); }, 80);
  });
  input.addEventListener("keydown", function (e) {
    // A search field would take the first Escape to clear itself; here Escape closes.
    if (e.key === "Escape") { e.preventDefault(); close(); }
    else if (e.key === "ArrowDown") { e.preventDefault(); setActive(active + 1); }
    else if (e.key === "ArrowUp") { e.preventDefault(); setActive(active - 1); }
    else if (e.key === "Enter") {
      e.preventDefault();
      var chosen = list.querySelectorAll("[role=option] a")[active];
      if (chosen) { close(); location.href = chosen.href; }
    }
  });
  // A modal dialog lets Tab leave for the browser's own controls; keep it inside.
  dialog.addEventListener("keydown", function (e) {
    if (e.key !== "Tab") return;
    var stops = Array.prototype.filter.call(
      dialog.querySelectorAll("input, button, a[href]"),
      function (el) { return el.tabIndex >= 0 && el.offsetParent !== null; });
    if (!stops.length) return;
    var first = stops[0], last = stops[stops.length - 1];
    if (e.shiftKey && document.activeElement === first) { e.preventDefault(); last.focus(); }
    else if (!e.shiftKey && document.activeElement === last) { e.preventDefault(); first.focus(); }
  });
  list.addEventListener("click", function (e) {
    var link = e.target.closest && e.target.closest("a");
    if (link) close();
  });
  document.addEventListener("keydown", function (e) {
    var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName) || e.target.isContentEditable;
    if ((e.key === "k" || e.key === "K") && (e.ctrlKey || e.metaKey)) { e.preventDefault(); dialog.open ? close() : open(); }
    else if (e.key === "/" && !typing && !dialog.open) { e.preventDefault(); open(); }
    else if (e.key === "Escape" && dialog.open && !dialog.showModal) close();
  });
})();
