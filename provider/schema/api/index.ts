export * from "./catalog";
export * from "./enum";
export * from "./error-envelope";
export * from "./job";
export * from "./private-offer";
