// Drag and drop for the upload form: a file dropped on the box goes into the form's file input
// and the form is sent, as if it had been chosen and the button pressed. Without this script the
// file picker and the button do the same.
(function () {
  "use strict";
  var form = document.getElementById("upload");
  if (!form) {
    return;
  }
  var input = form.querySelector("input[type=file]");
  var zone = document.getElementById("drop");
  var chosen = document.getElementById("chosen");
  var button = form.querySelector("button[type=submit]");
  var label = button.textContent;

  function show() {
    // textContent, never innerHTML: a file name is text.
    chosen.textContent = input.files.length ? input.files[0].name : "";
  }
  function send() {
    if (form.requestSubmit) {
      form.requestSubmit(button);
    } else {
      form.submit();
    }
  }

  input.addEventListener("change", show);
  ["dragenter", "dragover"].forEach(function (type) {
    zone.addEventListener(type, function (e) {
      e.preventDefault();
      zone.classList.add("over");
    });
  });
  ["dragleave", "dragend", "drop"].forEach(function (type) {
    zone.addEventListener(type, function () {
      zone.classList.remove("over");
    });
  });
  zone.addEventListener("drop", function (e) {
    e.preventDefault();
    if (!e.dataTransfer || e.dataTransfer.files.length === 0) {
      return;
    }
    input.files = e.dataTransfer.files;
    show();
    send();
  });
  form.addEventListener("submit", function () {
    // A second press would send the file twice; the answer replaces the page.
    button.disabled = true;
    button.textContent = button.getAttribute("data-busy") || label;
  });
  // Back to this page from the answer: the button works again.
  window.addEventListener("pageshow", function () {
    button.disabled = false;
    button.textContent = label;
  });
})();
