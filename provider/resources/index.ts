export * from "./args";
export * from "./plan-pricing";
export * from "./private-offer";
export * from "./shims";
