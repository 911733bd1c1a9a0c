export * from "./offer-args";
export * from "./render";
export * from "./options";
export * from "./command";
export { main } from "./cli";
export * from "./init/repository";
