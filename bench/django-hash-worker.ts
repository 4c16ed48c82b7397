// Verifies one imported Django hash per request, so bench/django-hash.mjs can read the CPU a
// first login with it costs on workerd (the Worker's own verifier, nothing else in the way).
import { verifyDjangoPassword } from "../src/infra/django-password-hash";

export default {
  async fetch(request: Request): Promise<Response> {
    const { password, django } = (await request.json()) as { password: string; django: string };
    return Response.json({ ok: await verifyDjangoPassword(password, django) });
  },
};
