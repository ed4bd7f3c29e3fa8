// Keyboard shortcuts for the console. No key is bound here by name of a page: elements carry
// data-shortcut="<key>" and this file acts on whichever one the current page has.
//   j / k      move the focus down / up the rows marked data-shortcut-row (their data-shortcut-open link)
//   Enter      on a focused row link opens it (the browser's own behaviour)
//   any other  the element with data-shortcut="<key>": a text field or select is focused, a dialog
//              opened, anything else clicked; data-shortcut-focus="<id>" then focuses that element.
// Keys do nothing while the person types in a field, or with Ctrl, Alt or Meta held.
(function () {
  "use strict";

  function isTyping(target) {
    if (!(target instanceof Element)) {
      return false;
    }
    if (target.isContentEditable) {
      return true;
    }
    var tag = target.tagName;
    if (tag === "TEXTAREA" || tag === "SELECT") {
      return true;
    }
    if (tag === "INPUT") {
      var type = (target.getAttribute("type") || "text").toLowerCase();
      return ["checkbox", "radio", "button", "submit", "reset"].indexOf(type) < 0;
    }
    return false;
  }

  function visible(element) {
    return element.getClientRects().length > 0 || element.tagName === "DIALOG";
  }

  function rowLinks() {
    return Array.prototype.slice.call(document.querySelectorAll("[data-shortcut-row] [data-shortcut-open]")).filter(visible);
  }

  function moveRow(step) {
    var links = rowLinks();
    if (links.length === 0) {
      return false;
    }
    var current = links.indexOf(document.activeElement && document.activeElement.closest ? document.activeElement.closest("[data-shortcut-open]") : null);
    if (current < 0) {
      var row = document.querySelector("[data-shortcut-row].shortcut-current [data-shortcut-open]");
      current = row ? links.indexOf(row) : -1;
    }
    var next = current < 0 ? (step > 0 ? 0 : links.length - 1) : Math.min(links.length - 1, Math.max(0, current + step));
    document.querySelectorAll("[data-shortcut-row].shortcut-current").forEach(function (r) {
      r.classList.remove("shortcut-current");
    });
    var link = links[next];
    link.closest("[data-shortcut-row]").classList.add("shortcut-current");
    link.focus();
    link.scrollIntoView({ block: "nearest" });
    return true;
  }

  function activate(element) {
    var tag = element.tagName;
    if (tag === "DIALOG") {
      if (!element.open) {
        element.showModal();
      }
    } else if (tag === "TEXTAREA" || tag === "SELECT" || (tag === "INPUT" && isTyping(element))) {
      element.focus();
      if (typeof element.select === "function" && tag === "INPUT") {
        element.select();
      }
    } else {
      element.click();
    }
    var then = element.getAttribute("data-shortcut-focus");
    if (then) {
      var target = document.getElementById(then);
      if (target) {
        // After Blazor has re-rendered what the click changed.
        setTimeout(function () { target.focus(); }, 0);
      }
    }
    return true;
  }

  function byKey(key) {
    var all = document.querySelectorAll("[data-shortcut]");
    for (var i = 0; i < all.length; i++) {
      if (all[i].getAttribute("data-shortcut") === key && visible(all[i]) && !all[i].disabled) {
        return all[i];
      }
    }
    return null;
  }

  document.addEventListener("keydown", function (e) {
    if (e.defaultPrevented || e.ctrlKey || e.altKey || e.metaKey || isTyping(e.target)) {
      return;
    }
    if (document.querySelector("dialog[open]") && e.key !== "Escape") {
      return;
    }
    var handled = false;
    if (e.key === "j") {
      handled = moveRow(1);
    } else if (e.key === "k") {
      handled = moveRow(-1);
    } else if (e.key.length === 1) {
      var element = byKey(e.key);
      handled = element ? activate(element) : false;
    }
    if (handled) {
      e.preventDefault();
    }
  });

  document.addEventListener("click", function (e) {
    var opener = e.target instanceof Element ? e.target.closest("[data-shortcut-show]") : null;
    if (opener) {
      var dialog = document.getElementById(opener.getAttribute("data-shortcut-show"));
      if (dialog && !dialog.open) {
        dialog.showModal();
      }
    }
  });
})();
