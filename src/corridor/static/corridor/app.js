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
