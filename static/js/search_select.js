// Searchable selects (core.widgets.SearchSelect): a combobox over a scoped JSON search view.
// Without this file the widget is a plain <select> or a text input that takes a typed name.
// Loaded from static/ (no inline script: the CSP forbids it).
(function () {
  "use strict";
  let counter = 0;

  function debounce(fn, ms) {
    let timer = null;
    return function (...args) {
      clearTimeout(timer);
      timer = setTimeout(() => fn.apply(this, args), ms);
    };
  }

  function chosenOf(el) {
    if (el.tagName === "SELECT") {
      return Array.from(el.selectedOptions)
        .filter((o) => o.value !== "")
        .map((o) => ({ id: o.value, text: o.textContent.trim() }));
    }
    try {
      return JSON.parse(el.dataset.chosen || "[]");
    } catch (e) {
      return [];
    }
  }

  function enhance(el) {
    if (el.disabled) return;
    counter += 1;
    const name = el.name;
    const multiple = el.dataset.multiple === "1";
    const url = el.dataset.searchUrl;
    // A short list searched in the page: the options with their pinyin initials.
    const local =
      el.dataset.localSearch === "1"
        ? Array.from(el.options).map((o) => ({
            id: o.value,
            text: o.textContent.trim(),
            initials: o.dataset.initials || "",
          }))
        : null;
    const inFilters = el.closest("form.filters") !== null;
    const listId = `search-select-${counter}`;
    let chosen = chosenOf(el);
    let page = 1;
    let active = -1;
    let results = [];

    const box = document.createElement("div");
    box.className = "search-select";
    const chips = document.createElement("ul");
    chips.className = "chips";
    const hidden = document.createElement("div");
    const input = document.createElement("input");
    input.type = "text";
    input.className = "search-input";
    input.id = el.id || `${listId}-input`;
    input.placeholder = el.dataset.placeholder || "";
    input.autocomplete = "off";
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    const list = document.createElement("ul");
    list.className = "search-results";
    list.id = listId;
    list.setAttribute("role", "listbox");
    list.hidden = true;

    function syncHidden() {
      hidden.replaceChildren();
      const values = chosen.length ? chosen : multiple ? [] : [{ id: "" }];
      values.forEach((c) => {
        const h = document.createElement("input");
        h.type = "hidden";
        h.name = name;
        h.value = c.id;
        hidden.appendChild(h);
      });
      if (multiple) {
        chips.replaceChildren();
        chosen.forEach((c) => {
          const li = document.createElement("li");
          li.className = "chip";
          li.textContent = c.text;
          const remove = document.createElement("button");
          remove.type = "button";
          remove.textContent = "×";
          remove.setAttribute("aria-label", `移除 ${c.text}`);
          remove.addEventListener("click", () => {
            chosen = chosen.filter((x) => String(x.id) !== String(c.id));
            syncHidden();
          });
          li.appendChild(remove);
          chips.appendChild(li);
        });
      } else {
        input.value = chosen.length ? chosen[0].text : "";
      }
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      const options = list.querySelectorAll('[role="option"]');
      options.forEach((o, i) => o.setAttribute("aria-selected", i === index ? "true" : "false"));
      active = index;
      if (options[index]) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      }
    }

    function pick(item) {
      if (multiple) {
        if (!chosen.some((c) => String(c.id) === String(item.id))) chosen.push(item);
        input.value = "";
      } else {
        chosen = [item];
      }
      syncHidden();
      close();
      if (inFilters && !multiple) input.form.submit();
    }

    function render(more) {
      list.replaceChildren();
      results.forEach((item, i) => {
        const li = document.createElement("li");
        li.setAttribute("role", "option");
        li.id = `${listId}-opt-${i}`;
        li.dataset.id = item.id;
        li.textContent = item.text;
        if (item.detail) {
          const d = document.createElement("span");
          d.className = "detail";
          d.textContent = item.detail;
          li.appendChild(d);
        }
        li.addEventListener("mousedown", (event) => {
          event.preventDefault();
          pick(item);
        });
        list.appendChild(li);
      });
      if (!results.length) {
        const li = document.createElement("li");
        li.className = "search-note";
        li.textContent = "没有匹配的结果";
        list.appendChild(li);
      }
      if (more) {
        const li = document.createElement("li");
        li.className = "search-note";
        const btn = document.createElement("button");
        btn.type = "button";
        btn.className = "btn small secondary";
        btn.textContent = "更多…";
        btn.addEventListener("mousedown", (event) => {
          event.preventDefault();
          load(page + 1, true);
        });
        li.appendChild(btn);
        list.appendChild(li);
      }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function load(number, append) {
      if (local) {
        const text = input.value.trim().toLowerCase();
        results = local.filter(
          (o) => !text || o.text.toLowerCase().includes(text) || o.initials.startsWith(text)
        );
        render(false);
        highlight(results.length ? 0 : -1);
        return;
      }
      const sep = url.includes("?") ? "&" : "?";
      const query = `${sep}q=${encodeURIComponent(input.value.trim())}&page=${number}`;
      fetch(url + query, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then((r) => (r.ok ? r.json() : { results: [], more: false }))
        .then((data) => {
          page = number;
          results = append ? results.concat(data.results) : data.results;
          render(data.more);
          highlight(append ? active : results.length ? 0 : -1);
        })
        .catch(() => {});
    }

    const search = debounce(() => load(1, false), 200);
    input.addEventListener("input", () => {
      if (!multiple && !input.value.trim()) {
        chosen = [];
        syncHidden();
      }
      search();
    });
    input.addEventListener("focus", () => {
      if (list.hidden && (multiple || !chosen.length)) load(1, false);
    });
    input.addEventListener("blur", () => {
      setTimeout(close, 150);
      if (!multiple && chosen.length) input.value = chosen[0].text;
    });
    input.addEventListener("keydown", (event) => {
      const count = results.length;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (list.hidden) load(1, false);
        else highlight(Math.min(active + 1, count - 1));
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        highlight(Math.max(active - 1, 0));
      } else if (event.key === "Enter") {
        if (!list.hidden && active >= 0 && results[active]) {
          event.preventDefault();
          pick(results[active]);
        }
      } else if (event.key === "Escape") {
        close();
      }
    });

    if (multiple) box.appendChild(chips);
    box.appendChild(input);
    box.appendChild(list);
    box.appendChild(hidden);
    const label = el.id ? document.querySelector(`label[for="${el.id}"]`) : null;
    el.removeAttribute("id");
    el.parentNode.insertBefore(box, el);
    el.remove();
    if (label) label.htmlFor = input.id;
    syncHidden();
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-search-url], [data-local-search]").forEach(enhance);
  });
})();
