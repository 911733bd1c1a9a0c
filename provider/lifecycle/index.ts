export * from "./payload";
export * from "./outputs";
export * from "./compare";
export * from "./plan";
export * from "./prices";
export * from "./diff";
export * from "./ownership";
