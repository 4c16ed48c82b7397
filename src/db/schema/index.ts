export * from "./users";
export * from "./sessions";
export * from "./outbox";
export * from "./social";
export * from "./accounts";
export * from "./notifications";
export * from "./login-throttles";
export * from "./posts";
