// essaim: progressive enhancement only; every page works without this file.
(function () {
  "use strict";
  // After a failed form, the focus goes to its error summary (every form's summary has the
  // id "erreurs"; without this script the form's action ends in "#erreurs" and the page opens
  // scrolled to it).
  var summary = document.getElementById("erreurs");
  if (summary) {
    summary.focus();
    summary.scrollIntoView({ block: "start" });
  }
  // Click-to-load videos: nothing is requested from the provider until the visitor asks.
  var label = document.body.getAttribute("data-embed-load") || "Load the video";
  var notice = document.body.getAttribute("data-embed-notice") || "";
  document.querySelectorAll("figure.embed[data-embed]").forEach(function (fig) {
    var link = fig.querySelector("a.embed-link");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "embed-button";
    button.textContent = label.replace("{provider}", fig.getAttribute("data-provider") || "");
    var p = document.createElement("p");
    p.className = "embed-notice";
    p.textContent = notice.replace("{provider}", fig.getAttribute("data-provider") || "");
    button.addEventListener("click", function () {
      var frame = document.createElement("iframe");
      frame.src = fig.getAttribute("data-embed");
      frame.title = (link && link.textContent) || "video";
      frame.allow = "autoplay; fullscreen; picture-in-picture";
      frame.setAttribute("allowfullscreen", "");
      fig.replaceChildren(frame);
      frame.focus();
    });
    fig.insertBefore(p, fig.firstChild);
    fig.insertBefore(button, fig.firstChild);
  });
  // "Reply" links: preselect the comment in the form and move there (without this script,
  // the link's ?reponse=ID makes the server do the same).
  var parentSelect = document.getElementById("comment-parent_id");
  if (parentSelect) {
    document.querySelectorAll("a[data-reply]").forEach(function (link) {
      link.addEventListener("click", function (e) {
        var id = link.getAttribute("data-reply");
        if (!parentSelect.querySelector("option[value='" + id + "']")) { return; }
        e.preventDefault();
        parentSelect.value = id;
        parentSelect.focus();
        parentSelect.scrollIntoView({ block: "center" });
      });
    });
  }
  // Wide tables scroll inside their own box instead of widening the page; a box that
  // scrolls can be reached with the keyboard.
  document.querySelectorAll(".prose table").forEach(function (table) {
    var box = document.createElement("div");
    box.className = "table-scroll";
    table.parentNode.insertBefore(box, table);
    box.appendChild(table);
    if (box.scrollWidth > box.clientWidth) {
      box.tabIndex = 0;
      box.setAttribute("role", "region");
      var caption = table.querySelector("caption");
      var head = table.querySelector("th");
      box.setAttribute("aria-label", ((caption || head) && (caption || head).textContent) || "table");
    }
  });
  // A notice about one item of a list (a person just checked in at the door): move the focus
  // to its card, so a screen reader reads it where the page opened (without this script the
  // address's anchor still scrolls there).
  var focusCard = document.querySelector("[data-focus-on-load]");
  if (focusCard) {
    focusCard.focus({ preventScroll: !!window.location.hash });
  }
  // Confirm destructive admin actions.
  document.querySelectorAll("[data-confirm]").forEach(function (el) {
    el.addEventListener("click", function (e) {
      if (!window.confirm(el.getAttribute("data-confirm"))) { e.preventDefault(); }
    });
  });
  // Bulk selection in admin tables.
  document.querySelectorAll("input[data-select-all]").forEach(function (box) {
    box.addEventListener("change", function () {
      var form = box.closest("form");
      if (!form) { return; }
      form.querySelectorAll("input[name='ids']").forEach(function (c) { c.checked = box.checked; });
    });
  });
  // Job progress (an import, any job of /admin/taches): poll the job's JSON every second and
  // move the bar; when the job ends, reload to show the result (without this script, the page
  // refreshes itself).
  var job = document.querySelector("[data-import-job], [data-job]");
  if (job && (job.getAttribute("data-status") === "queued" || job.getAttribute("data-status") === "running")) {
    var bar = job.querySelector("progress");
    var status = job.querySelector("[role=status]");
    var percent = document.getElementById("import-percent") || job.querySelector(".job-percent");
    var poll = function () {
      fetch(job.getAttribute("data-import-job") || job.getAttribute("data-job"), { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
        .then(function (s) {
          if (s.total > 0) {
            bar.max = s.total;
            bar.value = s.processed;
            bar.textContent = s.percent + " %";
          }
          if (percent) { percent.textContent = s.percent + " %"; }
          if (status.textContent !== s.text) { status.textContent = s.text; }
          if (s.status === "done" || s.status === "failed" || s.status === "cancelled") { window.location.reload(); } else { window.setTimeout(poll, 1000); }
        })
        .catch(function () { window.setTimeout(poll, 3000); });
    };
    window.setTimeout(poll, 1000);
  }
  // Event registration: show only as many attendee lines as the number of attendees chosen
  // (without this script all ten lines show, and the extra ones are ignored by the server).
  var seats = document.getElementById("reg-seats");
  if (seats) {
    var syncAttendees = function () {
      var n = parseInt(seats.value, 10) || 1;
      document.querySelectorAll("fieldset.attendees .field").forEach(function (field, i) {
        field.hidden = i >= n;
      });
    };
    seats.addEventListener("change", syncAttendees);
    syncAttendees();
  }
  // Questions asked on a condition (the form kit's fields): hide a question while the answer
  // it depends on does not pass its test (equals by default, "contains", "answered");
  // without this script every question shows, its condition written in words, and the
  // server ignores the answers of questions whose condition is not met.
  var conditional = document.querySelectorAll("[data-show-if]");
  if (conditional.length) {
    // Every value given under a name: the checked radios and checkboxes, or the field's text.
    var answersOf = function (form, name) {
      var fields = form.querySelectorAll("[name='" + name + "']");
      var values = [];
      for (var i = 0; i < fields.length; i++) {
        var f = fields[i];
        if ((f.type !== "radio" && f.type !== "checkbox") || f.checked) {
          var v = f.value.trim().toLowerCase();
          if (v) { values.push(v); }
        }
      }
      var other = form.querySelector("[name='" + name + "-other']");
      if (other && other.value.trim()) { values.push(other.value.trim().toLowerCase()); }
      return values;
    };
    var number = function (s) { return /^-?[0-9]+([.,][0-9]+)?$/.test(s) ? parseFloat(s.replace(",", ".")) : NaN; };
    var passes = function (values, test, expected) {
      if (test === "answered") { return values.length > 0; }
      var same = function (v) { return v === expected || (!isNaN(number(v)) && number(v) === number(expected)); };
      if (test === "contains") {
        return values.some(function (v) { return same(v) || v.indexOf(expected) >= 0; });
      }
      return values.length === 1 && same(values[0]);
    };
    var syncQuestions = function () {
      // A question hidden hides those that depend on it: settle chains pass by pass.
      for (var pass = 0; pass < conditional.length; pass++) {
        var moved = false;
        conditional.forEach(function (box) {
          var form = box.closest("form");
          var name = box.getAttribute("data-show-if");
          var parent = form && form.querySelector("[name='" + name + "']");
          var parentBox = parent && parent.closest(".question");
          var expected = (box.getAttribute("data-show-value") || "").trim().toLowerCase();
          var shown = (!parentBox || !parentBox.hidden) && !!form &&
            passes(answersOf(form, name), box.getAttribute("data-show-test") || "equals", expected);
          if (box.hidden === shown) { box.hidden = !shown; moved = true; }
        });
        if (!moved) { break; }
      }
    };
    document.addEventListener("change", syncQuestions);
    document.addEventListener("input", syncQuestions);
    syncQuestions();
  }
})();
// Check-in at the door: where the browser reads QR codes (BarcodeDetector), a photo of a
// ticket opens its check-in page; elsewhere the code is typed.
(function () {
  "use strict";
  var box = document.querySelector("[data-scan]");
  if (!box || !("BarcodeDetector" in window)) { return; }
  var input = box.querySelector("input[type=file]");
  var status = box.querySelector("[data-scan-status]");
  box.hidden = false;
  input.addEventListener("change", function () {
    var file = input.files && input.files[0];
    if (!file) { return; }
    status.textContent = box.getAttribute("data-scan-busy") || "";
    // eslint-disable-next-line no-undef
    var detector = new BarcodeDetector({ formats: ["qr_code"] });
    createImageBitmap(file)
      .then(function (img) { return detector.detect(img); })
      .then(function (codes) {
        var raw = codes.length ? codes[0].rawValue : "";
        var m = /[?&]code=([^&#]+)/.exec(raw);
        var code = m ? decodeURIComponent(m[1]) : raw.trim();
        if (!/^T\d+\.\d+\.[A-Za-z0-9_-]+$/.test(code)) { throw new Error("no code"); }
        window.location.assign("/admin/evenements/accueil/scan?code=" + encodeURIComponent(code));
      })
      .catch(function () {
        status.textContent = box.getAttribute("data-scan-none") || "";
        input.value = "";
      });
  });
})();
// The form kit's editor: show only the settings of the kind of question chosen (each group
// names its kinds in `data-kinds`); without this script every group shows, and the server
// reads only the chosen kind's.
(function () {
  "use strict";
  var kind = document.getElementById("f-kind");
  var groups = document.querySelectorAll("[data-kinds]");
  if (!kind || !groups.length) { return; }
  var sync = function () {
    groups.forEach(function (g) {
      g.hidden = g.getAttribute("data-kinds").split(" ").indexOf(kind.value) < 0;
    });
  };
  kind.addEventListener("change", sync);
  kind.addEventListener("input", sync);
  sync();
})();
