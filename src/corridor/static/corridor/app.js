// Small progressive enhancements; pages work without them. No inline scripts (strict CSP).
document.addEventListener("change", (event) => {
  const el = event.target;
  if (el.matches && el.matches("select.autosubmit")) el.form.submit();
});
