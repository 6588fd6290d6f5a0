// Small progressive enhancements; pages work without them. No inline scripts (strict CSP).
document.addEventListener("change", (event) => {
  const el = event.target;
  if (el.matches && el.matches("select.autosubmit")) el.form.submit();
});

// Wide tables scroll sideways inside .table-wrap: make each such region reachable and named for
// keyboard and screen-reader users (WCAG 2.1.1). Done on load and after htmx swaps.
function labelScrollRegions(root) {
  root.querySelectorAll(".table-wrap:not([tabindex])").forEach((wrap) => {
    wrap.tabIndex = 0;
    wrap.setAttribute("role", "region");
    if (!wrap.hasAttribute("aria-label") && !wrap.hasAttribute("aria-labelledby")) {
      const caption = wrap.querySelector("caption");
      const heading = wrap.closest("section, details, article")?.querySelector("h2, h3, summary");
      const name = (caption || heading)?.textContent.trim();
      wrap.setAttribute("aria-label", name || document.title);
    }
  });
}
document.addEventListener("DOMContentLoaded", () => labelScrollRegions(document));
document.addEventListener("htmx:afterSwap", (event) => labelScrollRegions(event.target));

// Formsets (templates/partials/formset.html): "Add a row" clones the empty form, a ticked
// Delete greys its row out, and a running total is kept for the amount column.
function formsetTotal(box) {
  const field = box.dataset.totalField;
  const out = box.querySelector("output[data-total-for]");
  if (!field || !out) return;
  let sum = 0;
  box.querySelectorAll(`.rows input[name$="-${field}"]`).forEach((input) => {
    const row = input.closest(".row");
    const del = row && row.querySelector('input[name$="-DELETE"]');
    const v = parseFloat(input.value);
    if (!Number.isNaN(v) && !(del && del.checked)) sum += v;
  });
  out.textContent = new Intl.NumberFormat(document.documentElement.lang || undefined, {
    minimumFractionDigits: 2, maximumFractionDigits: 2,
  }).format(sum);
}
document.addEventListener("click", (event) => {
  const button = event.target.closest && event.target.closest("[data-add-row]");
  if (!button) return;
  const box = document.getElementById(`${button.dataset.addRow}-rows`);
  const total = box.querySelector('input[name$="-TOTAL_FORMS"]');
  const max = box.querySelector('input[name$="-MAX_NUM_FORMS"]');
  const n = parseInt(total.value, 10);
  if (max && n >= parseInt(max.value, 10)) return;
  const html = box.querySelector("template").innerHTML.replaceAll("__prefix__", String(n));
  box.querySelector(".rows").insertAdjacentHTML("beforeend", html);
  total.value = String(n + 1);
  enhancePickers(box);
  const first = box.querySelectorAll(".rows .row")[n].querySelector("input, select, textarea");
  if (first) first.focus();
});
document.addEventListener("input", (event) => {
  const box = event.target.closest && event.target.closest("fieldset.formset");
  if (box) formsetTotal(box);
});
document.addEventListener("change", (event) => {
  if (!event.target.matches || !event.target.matches('input[name$="-DELETE"]')) return;
  const row = event.target.closest(".row");
  if (row) row.classList.toggle("deleted", event.target.checked);
  const box = event.target.closest("fieldset.formset");
  if (box) formsetTotal(box);
});

// Organisation pickers (select[data-picker]): a search box above the list filters its options
// by name or country as you type; the select itself stays the form field.
function enhancePickers(root) {
  root.querySelectorAll("select[data-picker]:not([data-enhanced])").forEach((select) => {
    select.dataset.enhanced = "1";
    const search = document.createElement("input");
    search.type = "search";
    search.className = "picker-search";
    search.placeholder = select.dataset.pickerPlaceholder || "";
    const label = select.id && document.querySelector(`label[for="${select.id}"]`);
    search.setAttribute("aria-label", `${label ? label.textContent.replace("*", "").trim() : ""} — ${search.placeholder}`);
    search.setAttribute("aria-controls", select.id);
    search.addEventListener("input", () => {
      const q = search.value.trim().toLowerCase();
      Array.from(select.options).forEach((option) => {
        option.hidden = q !== "" && option.value !== "" && !option.text.toLowerCase().includes(q) && !option.selected;
      });
    });
    select.parentNode.insertBefore(search, select);
  });
}
document.addEventListener("DOMContentLoaded", () => {
  enhancePickers(document);
  document.querySelectorAll("fieldset.formset").forEach(formsetTotal);
});
document.addEventListener("htmx:afterSwap", (event) => enhancePickers(event.target));

// Slot pickers grouped by day (.slot-days): "All" and "None" buttons for each day.
function enhanceSlotDays(root) {
  root.querySelectorAll(".slot-days > div:not([data-enhanced])").forEach((day) => {
    const title = day.querySelector(":scope > label");
    if (!title) return;
    day.dataset.enhanced = "1";
    const boxes = () => day.querySelectorAll('input[type="checkbox"]');
    const make = (text, value) => {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "button small secondary";
      b.textContent = text;
      b.setAttribute("aria-label", `${text}: ${title.textContent}`);
      b.addEventListener("click", () => boxes().forEach((box) => { box.checked = value; }));
      return b;
    };
    const bar = document.createElement("span");
    bar.className = "day-actions";
    bar.append(make(document.body.dataset.allLabel || "All", true), " ",
               make(document.body.dataset.noneLabel || "None", false));
    title.after(bar);
  });
}
document.addEventListener("DOMContentLoaded", () => enhanceSlotDays(document));
