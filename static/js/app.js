// Small progressive enhancements; every page works without this file.
// The phone menu is collapsed only when this file runs (static/css/app.css: html.js).
document.documentElement.classList.add("js");
document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.querySelector(".nav-toggle");
  const menu = document.getElementById("topmenu");
  if (toggle && menu) {
    toggle.addEventListener("click", () => {
      const open = menu.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  // A table box that scrolls is reachable by keyboard (WCAG 2.1.1): on load, on resize and
  // after a deferred section arrives.
  const markScrollable = () => {
    document.querySelectorAll(".table-scroll").forEach((box) => {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("tabindex", "0");
      } else {
        box.removeAttribute("tabindex");
      }
    });
  };
  // Deferred page sections (core.panels): the placeholder links to their page; with
  // JavaScript the sections are fetched in place. On failure the link stays.
  document.querySelectorAll("[data-deferred-panels]").forEach((box) => {
    const url = box.dataset.deferredPanels;
    fetch(url + (url.includes("?") ? "&" : "?") + "partial=1", {
      credentials: "same-origin",
      headers: { Accept: "text/html" },
    })
      .then((response) => (response.ok ? response.text() : Promise.reject(response.status)))
      .then((html) => {
        const parsed = new DOMParser().parseFromString(html, "text/html");
        box.replaceChildren(...parsed.body.childNodes);
        box.removeAttribute("data-deferred-panels");
        box.querySelectorAll("table.table").forEach((table) => {
          if (table.parentElement.classList.contains("table-scroll")) return;
          const scroll = document.createElement("div");
          scroll.className = "table-scroll";
          table.replaceWith(scroll);
          scroll.appendChild(table);
        });
        markScrollable();
      })
      .catch(() => {});
  });
  // Buttons that ask before a consequential action: <button data-confirm="…">.
  document.querySelectorAll("[data-confirm]").forEach((el) => {
    el.addEventListener("click", (event) => {
      if (!window.confirm(el.dataset.confirm)) event.preventDefault();
    });
  });
  // Every table scrolls inside its own box (.table-scroll), never the whole page; a box that
  // scrolls is reachable by keyboard (WCAG 2.1.1).
  document.querySelectorAll("table.table").forEach((table) => {
    if (table.parentElement.classList.contains("table-scroll")) return;
    const box = document.createElement("div");
    box.className = "table-scroll";
    table.replaceWith(box);
    box.appendChild(table);
  });
  markScrollable();
  window.addEventListener("resize", markScrollable);
  // Filter forms submit when a select changes.
  document.querySelectorAll("form.filters select").forEach((el) => {
    el.addEventListener("change", () => el.form.submit());
  });
});
// Print buttons: <button data-print> (the teacher's exchange record).
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-print]").forEach((el) => {
    el.addEventListener("click", () => window.print());
  });
});
