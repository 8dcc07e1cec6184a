/* Starts the admin widgets that Wagtail starts with an inline <script>, which the admin's Content-Security-Policy
   refuses. In their place the server renders <span hidden data-controller="widget-start" …> (cms/widget_start.py); this
   Stimulus controller makes the same call when the element connects, also for forms added later (inline panels,
   dialogs). Only the constructors and functions named here can be called, with JSON arguments. */
(() => {
  const CONSTRUCTORS = new Set([
    "Chooser", "DocumentChooser", "ImageChooser", "PageChooser", "SnippetChooser",
    "InlinePanel", "MultipleChooserPanel",
  ]);
  const FUNCTIONS = new Set(["initDateChooser", "initDateTimeChooser", "initTimeChooser", "createTaskChooser"]);

  class WidgetStartController extends window.StimulusModule.Controller {
    static values = { function: String, args: Array };

    connect() {
      const name = this.functionValue;
      if (!CONSTRUCTORS.has(name) && !FUNCTIONS.has(name)) {
        throw new Error(`widget-start: ${name} is not a widget this page may start`);
      }
      // Once only: a widget moved in the page (reordered, teleported into a dialog) reconnects its element.
      this.element.remove();
      const target = window[name];
      if (CONSTRUCTORS.has(name)) {
        new target(...this.argsValue);
      } else {
        target(...this.argsValue);
      }
    }
  }

  window.wagtail.app.register("widget-start", WidgetStartController);
})();
