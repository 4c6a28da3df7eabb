// Keep what the user typed in a date field. Wagtail's date picker replaces a date it cannot read
// with the current date when the field loses focus; left as typed, the server reports it as an
// error on that field instead, and nothing is silently changed.
if (window.jQuery && window.jQuery.fn.datetimepicker) {
  window.jQuery.fn.datetimepicker.defaults.validateOnBlur = false;
}
