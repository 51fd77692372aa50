/* ClaimTrail's one script: conveniences on top of pages that work without it
   (a select-all box, the report reader's current highlight, keyboard shortcuts,
   a background import followed in place). Loaded from 'self' with defer; it adds
   no markup the pages need. */
(function () {
  "use strict";

  /* --- select every claim of the page for a bulk action --------------------- */
  var all = document.getElementById("select-all");
  if (all) {
    var boxes = function () {
      return Array.prototype.slice.call(
        document.querySelectorAll('input[type=checkbox][name=claims][form="bulk-form"]')
      );
    };
    var sync = function () {
      var list = boxes();
      var ticked = list.filter(function (box) { return box.checked; }).length;
      all.checked = list.length > 0 && ticked === list.length;
      all.indeterminate = ticked > 0 && ticked < list.length;
    };
    all.hidden = false;
    all.removeAttribute("form"); /* not a value of the bulk form */
    all.addEventListener("change", function () {
      boxes().forEach(function (box) { box.checked = all.checked; });
      sync();
    });
    boxes().forEach(function (box) { box.addEventListener("change", sync); });
    sync();
  }

  /* --- the report reader: outline every part of the claim jumped to ---------- */
  var markCurrent = function () {
    Array.prototype.forEach.call(document.querySelectorAll("mark.hl-current"), function (m) {
      m.classList.remove("hl-current");
    });
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target || !target.matches("mark.hl[data-appearance]")) return;
    var parts = document.querySelectorAll(
      'mark.hl[data-appearance="' + target.getAttribute("data-appearance") + '"]'
    );
    Array.prototype.forEach.call(parts, function (m) { m.classList.add("hl-current"); });
  };
  if (document.querySelector("mark.hl[data-appearance]")) {
    window.addEventListener("hashchange", markCurrent);
    markCurrent();
  }

  /* --- a background import, followed in place ----------------------------------
     Without script the page reloads itself (a meta refresh); here only its job
     section is fetched again, so focus and reading position stay, and the "Stop
     the updates" link (?reload=off, outside the section) can be reached at leisure. */
  var job = document.querySelector("#import-job[data-refresh]");
  if (job && window.fetch && window.DOMParser) {
    var follow = function () {
      fetch(location.href, { credentials: "same-origin" })
        .then(function (response) { return response.text(); })
        .then(function (html) {
          var fresh = new DOMParser().parseFromString(html, "text/html");
          var section = fresh.getElementById("import-job");
          if (!section) return;
          if (section.innerHTML !== job.innerHTML) job.innerHTML = section.innerHTML;
          job.className = section.className;
          if (section.hasAttribute("data-refresh")) {
            window.setTimeout(follow, 1000 * Number(job.getAttribute("data-refresh")));
          } else {
            job.removeAttribute("data-refresh");
            var control = document.querySelector(".reload-control");
            if (control) control.remove();
          }
        })
        .catch(function () {
          window.setTimeout(follow, 1000 * Number(job.getAttribute("data-refresh")));
        });
    };
    window.setTimeout(follow, 1000 * Number(job.getAttribute("data-refresh")));
  }

  /* --- keyboard shortcuts ----------------------------------------------------- */
  var help = document.getElementById("shortcut-help");
  var rows = function () {
    return Array.prototype.slice.call(
      document.querySelectorAll("main table.claims-table tbody tr, main [data-shortcut-row]")
    ).filter(function (row) { return row.querySelector("a[href]"); });
  };
  var current = -1;
  var select = function (index) {
    var list = rows();
    if (!list.length) return;
    current = Math.max(0, Math.min(index, list.length - 1));
    list.forEach(function (row, i) { row.classList.toggle("kb-current", i === current); });
    var link = list[current].querySelector("a[href]");
    link.focus({ preventScroll: true });
    list[current].scrollIntoView({ block: "nearest" });
  };
  var typing = function (el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  };
  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    if (typing(event.target)) return;
    if (help && help.open && event.key !== "?") return; /* the dialog handles Escape */
    var key = event.key;
    if (key === "/") {
      var search = document.querySelector(
        'main [role=search] input[name=q], main input[type=search], main input[name=q]'
      );
      if (search) {
        event.preventDefault();
        search.focus();
        search.select();
      }
    } else if (key === "j" || key === "k") {
      var list = rows();
      if (!list.length) return;
      event.preventDefault();
      var at = list.indexOf(document.activeElement && document.activeElement.closest("tr, [data-shortcut-row]"));
      if (at >= 0) current = at;
      select(current < 0 ? 0 : current + (key === "j" ? 1 : -1));
    } else if (key === "o") {
      var chosen = rows()[current];
      if (chosen) {
        event.preventDefault();
        chosen.querySelector("a[href]").click();
      }
    } else if (key === "?" && help) {
      event.preventDefault();
      if (help.open) help.close();
      else help.showModal();
    }
  });
  if (help) {
    var close = help.querySelector("[data-close]");
    if (close) close.addEventListener("click", function () { help.close(); });
    var hint = document.getElementById("shortcut-hint");
    if (hint) hint.hidden = false;
  }
})();
