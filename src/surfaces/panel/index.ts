// The admin panel (issue 14): server-rendered pages at /admin/ over the admin domain verbs; its errors are pages too.
import { defineSurface } from "../../http/surface";
import { panelEnvelope, renderPanelError } from "./envelope";
import { panelApp } from "./routes";

export const panel = defineSurface({
  name: "panel",
  prefixes: ["/admin/"],
  envelope: panelEnvelope,
  app: panelApp,
  methodNotAllowed: () => ({
    title: "Not allowed here",
    message: "That method is not allowed on this page.",
  }),
  render: renderPanelError,
});
