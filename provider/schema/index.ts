export * from "./unknowns";
export * from "./primitives";
export * from "./plan-pricing";
export * from "./private-offer";
export * from "./offer-rules";
export * from "./plan-pricing-rules";
export * from "./check";
