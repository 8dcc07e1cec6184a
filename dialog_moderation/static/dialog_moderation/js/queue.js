/*
 * The moderation queue driven by the keyboard (/admin/moderation/).
 *
 * The keys themselves are Wagtail's: every button of the legend carries Wagtail's `w-kbd` controller with its key in
 * aria-keyshortcuts, so Wagtail (Mousetrap) binds it, ignores it while the moderator types in a field or holds
 * Ctrl/Alt/Meta, and honours the "keyboard shortcuts" setting of the moderator's account. A key clicks its button;
 * this controller then acts on the current row. Decisions and replies are the row's own submit buttons (plain POST
 * forms with CSRF that work without JavaScript); nothing here changes state itself.
 */
(() => {
  "use strict";

  const { Controller } = window.StimulusModule;

  class ModerationQueueController extends Controller {
    static targets = ["row", "replyRow", "legend", "shortcut", "announcer", "plainBulk"];

    static values = {
      replyUnavailable: String,
      selected: String,
      unselected: String,
      current: String,
      dialogHeading: String,
    };

    connect() {
      if (!this.hasLegendTarget) return;
      this.legendTarget.hidden = false;
      this.addToShortcutsDialog();
      const fromHash = this.rowTargets.find((row) => `#${row.id}` === window.location.hash);
      const first = fromHash || this.rowTargets.find((row) => row.dataset.state === "pending") || this.rowTargets[0];
      // After a decision the page comes back with the next comment in the hash: it gets focus. On a first visit the
      // current row is only marked, so focus stays where the moderator expects it.
      this.makeCurrent(first, { focus: Boolean(fromHash) });
      // Wagtail shows the outcome of the last POST in its message bar; said again once the page has settled, so a
      // screen reader announces it (content present at load is not announced).
      const outcome = document.querySelector(".messages li");
      if (outcome) window.setTimeout(() => this.announce(outcome.textContent), 250);
    }

    // --- the commands of the legend's buttons ------------------------------------------------------------------

    next() {
      this.move(1);
    }

    previous() {
      this.move(-1);
    }

    approve() {
      this.pressInCurrentRow("approve");
    }

    reject() {
      this.pressInCurrentRow("reject");
    }

    spam() {
      this.pressInCurrentRow("spam");
    }

    open() {
      this.pressInCurrentRow("open");
    }

    select() {
      const row = this.currentRow;
      if (!row) return;
      const checkbox = row.querySelector('input[type="checkbox"]');
      checkbox.checked = !checkbox.checked;
      const message = checkbox.checked ? this.selectedValue : this.unselectedValue;
      this.announce(message.replace("{id}", row.dataset.commentId));
    }

    /** r, or the row's "Svara" link: the inline reply field of an approved comment, otherwise the detail view. */
    reply(event) {
      const fromLink = event && event.currentTarget.dataset.command === "reply";
      const row = fromLink ? event.currentTarget.closest("tr") : this.currentRow;
      if (!row) return;
      const replyRow = this.replyRowFor(row);
      if (!replyRow) {
        if (!fromLink) this.announce(this.replyUnavailableValue);
        return; // the link goes on to the detail view, which says the same
      }
      if (fromLink) event.preventDefault();
      this.makeCurrent(row, { focus: false });
      replyRow.hidden = false;
      replyRow.querySelector("textarea").focus();
    }

    closeReply(event) {
      const replyRow = event.currentTarget.closest('[data-moderation-queue-target~="replyRow"]');
      replyRow.hidden = true;
      this.makeCurrent(replyRow.closest("tr"), { focus: true });
    }

    /** After Wagtail's search or filters swap the results in, the first pending comment is current again. */
    rowTargetConnected() {
      if (!this.hasLegendTarget || this.currentRow) return;
      window.clearTimeout(this.pickTimer);
      this.pickTimer = window.setTimeout(() => {
        if (this.currentRow) return;
        const rows = this.rowTargets;
        this.makeCurrent(rows.find((row) => row.dataset.state === "pending") || rows[0], { focus: false });
      }, 0);
    }

    /** With JavaScript, Wagtail's bulk-action footer takes over from the queue's plain bulk buttons. */
    plainBulkTargetConnected(element) {
      element.hidden = true;
    }

    // --- the rows ---------------------------------------------------------------------------------------------

    /** Enter opens and space selects the row that has focus itself (not one of its buttons or links). */
    rowKey(event) {
      if (event.target !== event.currentTarget || event.ctrlKey || event.altKey || event.metaKey) return;
      if (event.key === "Enter") {
        event.preventDefault();
        this.open();
      } else if (event.key === " ") {
        event.preventDefault();
        this.select();
      }
    }

    /** Tabbing or clicking into a row makes it the current one. */
    follow(event) {
      this.makeCurrent(event.currentTarget, { focus: false });
    }

    /**
     * Before a row's decision or reply is posted: the page the server redirects to (the queue again) gets the row
     * to continue with in its hash, the next pending comment (or, for a reply, the same row).
     */
    keepPlace(event) {
      const button = event.currentTarget;
      const row = this.rowTargets.find((candidate) => candidate.id === `kommentar-${button.form.id.split("-").pop()}`);
      const then = event.params.stay ? row : this.nextPendingAfter(row);
      const field = button.form.elements.namedItem("next");
      field.value = field.value.split("#")[0] + (then ? `#${then.id}` : "");
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    get currentRow() {
      return this.rowTargets.find((row) => row.getAttribute("aria-current") === "true");
    }

    move(step) {
      const rows = this.rowTargets;
      if (!rows.length) return;
      const index = rows.indexOf(this.currentRow);
      const target = index === -1 ? rows[0] : rows[Math.min(rows.length - 1, Math.max(0, index + step))];
      this.makeCurrent(target, { focus: true });
    }

    makeCurrent(row, { focus }) {
      if (!row) return;
      const previous = this.currentRow;
      if (previous && previous !== row) {
        previous.removeAttribute("aria-current");
        previous.classList.remove("is-current");
      }
      row.setAttribute("aria-current", "true");
      row.classList.add("is-current");
      if (focus) {
        row.focus({ preventScroll: true });
        row.scrollIntoView({ block: "nearest" });
      }
    }

    nextPendingAfter(row) {
      const rows = this.rowTargets;
      const index = rows.indexOf(row);
      const isPending = (candidate) => candidate !== row && candidate.dataset.state === "pending";
      return rows.slice(index + 1).find(isPending) || rows.slice(0, index).reverse().find(isPending) || null;
    }

    pressInCurrentRow(command) {
      const control = this.currentRow && this.currentRow.querySelector(`[data-command="${command}"]`);
      if (control) control.click();
    }

    replyRowFor(row) {
      return this.replyRowTargets.find((replyRow) => replyRow.id === `svar-${row.dataset.commentId}`);
    }

    announce(text) {
      // Emptied first so the same message twice is still announced twice.
      this.announcerTarget.textContent = "";
      window.setTimeout(() => {
        this.announcerTarget.textContent = text.trim();
      }, 50);
    }

    /** The queue's keys as a group of their own in Wagtail's keyboard shortcuts dialog (the ? key). */
    addToShortcutsDialog() {
      const table = document.querySelector("#keyboard-shortcuts-dialog table");
      if (!table || table.querySelector("#keyboard-shortcut-group-moderation-queue")) return;
      const group = document.createElement("tbody");
      group.id = "keyboard-shortcut-group-moderation-queue";
      group.className = "w-w-full";
      const headingRow = group.insertRow();
      headingRow.className = "w-keyboard-shortcuts__category";
      const heading = document.createElement("th");
      heading.className = "w-h4";
      heading.scope = "rowgroup";
      heading.textContent = this.dialogHeadingValue;
      headingRow.append(heading);
      this.shortcutTargets.forEach((button) => {
        const row = group.insertRow();
        row.className = "w-keyboard_shortcuts__key";
        const label = document.createElement("th");
        label.scope = "row";
        label.textContent = button.dataset.label;
        const key = document.createElement("td");
        const kbd = document.createElement("kbd");
        kbd.textContent = button.getAttribute("aria-keyshortcuts");
        key.append(kbd);
        row.append(label, key);
      });
      table.insertBefore(group, table.tBodies[0] || null);
    }
  }

  window.wagtail.app.register("moderation-queue", ModerationQueueController);
})();
