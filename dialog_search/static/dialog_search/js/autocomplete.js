/*
 * Suggestions under the header's search box, as the reader types (WAI-ARIA 1.2 combobox with a listbox popup).
 *
 * Without this script the box is a plain GET form to the search page. With it the box asks /api/search/suggest/?q= (debounced,
 * stale answers ignored) and lists titles; picking one searches for it. Arrow keys move, Enter picks (or submits the
 * typed text when nothing is picked), Escape closes, a click picks. When search is away (503) or the request fails
 * the list stays closed and the form works as before. Texts come translated from the form's data-* attributes.
 */
(() => {
  "use strict";

  const DEBOUNCE_MS = 150;
  const MIN_LENGTH = 2;

  class HeaderAutocomplete {
    constructor(form) {
      this.form = form;
      this.input = form.querySelector('input[name="q"]');
      this.listbox = form.querySelector('[role="listbox"]');
      this.status = form.querySelector("[data-autocomplete-status]");
      this.texts = form.dataset;
      this.suggestions = [];
      this.active = -1;
      this.latest = 0; // the number of the newest request: older answers are dropped
      this.timer = null;
      this.request = null;

      this.input.setAttribute("role", "combobox");
      this.input.setAttribute("aria-autocomplete", "list");
      this.input.setAttribute("aria-expanded", "false");
      this.input.setAttribute("aria-controls", this.listbox.id);

      this.input.addEventListener("input", () => this.schedule());
      this.input.addEventListener("keydown", (event) => this.onKey(event));
      this.input.addEventListener("blur", () => this.close());
      // Pressing on an option must not take focus from the box (that would close the list before the click).
      this.listbox.addEventListener("mousedown", (event) => event.preventDefault());
      this.listbox.addEventListener("click", (event) => {
        const option = event.target.closest('[role="option"]');
        if (option) this.pick(Number(option.dataset.index));
      });
    }

    schedule() {
      window.clearTimeout(this.timer);
      const query = this.input.value.trim();
      if (query.length < MIN_LENGTH) {
        this.latest += 1;
        this.show([]);
        return;
      }
      this.timer = window.setTimeout(() => this.fetchSuggestions(query), DEBOUNCE_MS);
    }

    async fetchSuggestions(query) {
      const number = ++this.latest;
      if (this.request) this.request.abort();
      this.request = new AbortController();
      const url = `${this.form.dataset.suggestUrl}?q=${encodeURIComponent(query)}`;
      let suggestions = null; // null: search is away (503) or unreachable; the list closes without a word
      try {
        const response = await fetch(url, { headers: { Accept: "application/json" }, signal: this.request.signal });
        if (response.ok) suggestions = (await response.json()).suggestions || [];
      } catch (error) {
        if (error.name === "AbortError") return;
      }
      if (number !== this.latest || query !== this.input.value.trim()) return;
      if (suggestions === null) this.close();
      else this.show(suggestions);
    }

    show(suggestions) {
      this.suggestions = suggestions;
      this.active = -1;
      this.input.removeAttribute("aria-activedescendant");
      this.listbox.replaceChildren(
        ...suggestions.map((suggestion, index) => {
          const option = document.createElement("li");
          option.id = `${this.listbox.id}-${index}`;
          option.setAttribute("role", "option");
          option.setAttribute("aria-selected", "false");
          option.dataset.index = String(index);
          option.textContent = suggestion.title;
          if (suggestion.kind_label) {
            const kind = document.createElement("span");
            kind.className = "header-search__kind";
            kind.textContent = ` (${suggestion.kind_label})`;
            option.append(kind);
          }
          return option;
        }),
      );
      const open = suggestions.length > 0;
      this.listbox.hidden = !open;
      this.input.setAttribute("aria-expanded", String(open));
      if (this.input.value.trim().length >= MIN_LENGTH) this.say(this.countText(suggestions.length));
    }

    close() {
      window.clearTimeout(this.timer);
      this.latest += 1;
      if (this.request) this.request.abort();
      this.listbox.hidden = true;
      this.input.setAttribute("aria-expanded", "false");
      this.input.removeAttribute("aria-activedescendant");
      this.active = -1;
    }

    get isOpen() {
      return !this.listbox.hidden;
    }

    onKey(event) {
      if (event.ctrlKey || event.metaKey) return;
      switch (event.key) {
        case "ArrowDown":
        case "ArrowUp":
          if (!this.suggestions.length) return;
          event.preventDefault();
          if (!this.isOpen) {
            this.listbox.hidden = false;
            this.input.setAttribute("aria-expanded", "true");
          }
          if (!event.altKey) this.highlight(this.nextIndex(event.key === "ArrowDown" ? 1 : -1));
          break;
        case "Enter":
          if (this.isOpen && this.active > -1) {
            event.preventDefault();
            this.pick(this.active);
          }
          break; // otherwise the form searches for the typed text
        case "Escape":
          if (this.isOpen) {
            event.preventDefault();
            this.close();
          }
          break;
        default:
      }
    }

    /** Down from the box goes to the first option, past the last back to the box (and Up the other way). */
    nextIndex(step) {
      const count = this.suggestions.length;
      if (!this.isOpen || this.active === -1) return step > 0 ? 0 : count - 1;
      const next = this.active + step;
      return next < 0 || next >= count ? -1 : next;
    }

    highlight(index) {
      this.active = index;
      [...this.listbox.children].forEach((option, position) => {
        const selected = position === index;
        option.setAttribute("aria-selected", String(selected));
        if (selected) option.scrollIntoView({ block: "nearest" });
      });
      if (index > -1) this.input.setAttribute("aria-activedescendant", `${this.listbox.id}-${index}`);
      else this.input.removeAttribute("aria-activedescendant");
    }

    /** A suggestion is searched for, like a typed query: <search page>?q=<title>. */
    pick(index) {
      const suggestion = this.suggestions[index];
      if (!suggestion) return;
      this.input.value = suggestion.title;
      this.close();
      this.form.submit();
    }

    countText(count) {
      if (count === 0) return this.texts.statusNone;
      if (count === 1) return this.texts.statusOne;
      return this.texts.statusMany.replace("%(count)s", String(count));
    }

    say(text) {
      this.status.textContent = text;
    }
  }

  document.querySelectorAll("form[data-autocomplete]").forEach((form) => new HeaderAutocomplete(form));
})();
