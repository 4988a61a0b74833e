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
  // Buttons that ask before a consequential action: <button data-confirm="…">.
  document.querySelectorAll("[data-confirm]").forEach((el) => {
    el.addEventListener("click", (event) => {
      if (!window.confirm(el.dataset.confirm)) event.preventDefault();
    });
  });
  // A table wider than its box scrolls inside it: make it reachable by keyboard (WCAG 2.1.1).
  const markScrollable = () => {
    document.querySelectorAll(".table, .table-scroll").forEach((el) => {
      if (el.scrollWidth > el.clientWidth + 1) {
        el.setAttribute("tabindex", "0");
      } else if (el.getAttribute("tabindex") === "0" && !el.dataset.keepTabindex) {
        el.removeAttribute("tabindex");
      }
    });
  };
  markScrollable();
  window.addEventListener("resize", markScrollable);
  // Filter forms submit when a select changes.
  document.querySelectorAll("form.filters select").forEach((el) => {
    el.addEventListener("change", () => el.form.submit());
  });
});
