export * from "./catalog";
export * from "./configure";
export * from "./enum";
export * from "./error-envelope";
export * from "./job";
export * from "./private-offer";
export * from "./versions";
