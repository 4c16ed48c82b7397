// The ceiling: a bare Hono Worker with one fixed JSON answer, run on the same runtime as
// the service, so each route's req/s can be read as a fraction of what the stack allows.
import { Hono } from "hono";

const app = new Hono();
const BODY = { id: 1, username: "ceiling", message: "fixed body" };
app.all("*", (c) => c.json(BODY));

export default app;
