// Every HTMX request carries the session's CSRF token; the menu folds on narrow screens.
document.addEventListener("htmx:configRequest", function (event) {
  var token = document.body.dataset.csrf;
  if (token) { event.detail.headers["X-CSRF-Token"] = token; }
});
document.addEventListener("DOMContentLoaded", function () {
  var toggle = document.querySelector(".menu-toggle");
  var nav = document.getElementById("nav");
  if (toggle && nav) {
    toggle.addEventListener("click", function () {
      var open = nav.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
});
// Elements marked data-reload-on-success reload the page after a successful request and, on refusal,
// show the problem document's detail in their [data-error] box. (No hx-on: the CSP forbids eval.)
document.addEventListener("htmx:afterRequest", function (event) {
  var elt = event.detail.elt;
  var host = elt && elt.closest ? elt.closest("[data-reload-on-success]") : null;
  if (!host) { return; }
  if (event.detail.successful) { window.location.reload(); return; }
  var box = host.querySelector("[data-error]");
  if (!box) { return; }
  var detail = "Không thực hiện được. Vui lòng thử lại.";
  try { detail = JSON.parse(event.detail.xhr.responseText).detail || detail; } catch (e) { /* not JSON */ }
  box.textContent = detail;
  box.hidden = false;
});
