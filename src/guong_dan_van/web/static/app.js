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

// Pickers (templates/partials/picker.html): the text box sends what is typed as `q`; the answers are buttons.
// Choosing one puts its id in the hidden input (or adds a chip holding it, for several), typing again clears
// the choice, and the keys work as in a list: ↓/↑ move through the answers, Enter chooses, Esc closes.
(function () {
  function pickerOf(el) { return el && el.closest ? el.closest("[data-picker]") : null; }
  function parts(picker) {
    return {
      input: picker.querySelector("[data-picker-input]"),
      list: picker.querySelector(".picker-options"),
      value: picker.querySelector("[data-picker-value]"),
    };
  }
  function buttons(picker) { return Array.prototype.slice.call(picker.querySelectorAll(".picker-option")); }
  function close(picker) {
    var p = parts(picker);
    p.list.hidden = true;
    p.list.innerHTML = "";
    p.input.setAttribute("aria-expanded", "false");
  }
  function choose(picker, button) {
    var p = parts(picker);
    var id = button.dataset.pickId, label = button.dataset.pickLabel;
    htmx.trigger(p.input, "htmx:abort");
    if (picker.hasAttribute("data-picker-multiple")) {
      var chips = picker.querySelector("[data-picker-chips]");
      var taken = chips.querySelector("input[value='" + id + "']");
      if (!taken) {
        var chip = picker.querySelector("[data-picker-template]").content.firstElementChild.cloneNode(true);
        chip.querySelector(".chip-label").textContent = label;
        chip.querySelector("input").value = id;
        chip.querySelector("[data-picker-remove]").setAttribute("aria-label", "Bỏ chọn " + label);
        chips.appendChild(chip);
      }
      p.input.value = "";
    } else {
      p.value.value = id;
      p.input.value = label;
    }
    close(picker);
    p.input.focus();
  }
  document.addEventListener("htmx:configRequest", function (event) {
    var elt = event.detail.elt;
    if (elt && elt.matches && elt.matches("[data-picker-input]")) { event.detail.parameters.q = elt.value; }
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var list = event.detail.target;
    var picker = pickerOf(list);
    if (!picker || !list.classList.contains("picker-options")) { return; }
    var input = parts(picker).input;
    var open = list.children.length > 0 && input.value.trim() !== "";
    list.hidden = !open;
    input.setAttribute("aria-expanded", open ? "true" : "false");
  });
  document.addEventListener("input", function (event) {
    var picker = pickerOf(event.target);
    if (!picker || !event.target.matches("[data-picker-input]")) { return; }
    var p = parts(picker);
    if (p.value) { p.value.value = ""; }
    if (event.target.value.trim() === "") { close(picker); }
  });
  document.addEventListener("click", function (event) {
    var target = event.target;
    var picker = pickerOf(target);
    var option = target.closest ? target.closest(".picker-option") : null;
    var remove = target.closest ? target.closest("[data-picker-remove]") : null;
    if (picker && option) { choose(picker, option); return; }
    if (picker && remove) {
      remove.closest("[data-picker-chip]").remove();
      parts(picker).input.focus();
      return;
    }
    document.querySelectorAll("[data-picker]").forEach(function (other) {
      if (other !== picker && !parts(other).list.hidden) { close(other); }
    });
  });
  document.addEventListener("keydown", function (event) {
    var picker = pickerOf(event.target);
    if (!picker) { return; }
    var p = parts(picker), all = buttons(picker), open = !p.list.hidden && all.length > 0;
    var at = all.indexOf(event.target);
    if (event.key === "Escape" && !p.list.hidden) {
      event.preventDefault();
      close(picker);
      p.input.focus();
    } else if (event.key === "ArrowDown" && open) {
      event.preventDefault();
      all[Math.min(at + 1, all.length - 1)].focus();
    } else if (event.key === "ArrowUp" && open && at >= 0) {
      event.preventDefault();
      if (at === 0) { p.input.focus(); } else { all[at - 1].focus(); }
    } else if (event.key === "Enter" && event.target === p.input && open) {
      event.preventDefault();
      choose(picker, all[0]);
    }
  });
  document.addEventListener("focusin", function (event) {
    var option = event.target.closest ? event.target.closest(".picker-option") : null;
    var picker = pickerOf(option);
    if (!picker) { return; }
    buttons(picker).forEach(function (b) { b.setAttribute("aria-selected", b === option ? "true" : "false"); });
  });
})();
