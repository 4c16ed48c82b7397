// DRF's MethodNotAllowed: `{"detail": "Method \"GET\" not allowed."}` (rest_framework.exceptions).
export const drfMethodNotAllowed = (method: string) => ({ detail: `Method "${method}" not allowed.` });
