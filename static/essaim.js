// essaim: progressive enhancement only; every page works without this file.
(function () {
  "use strict";
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
})();
