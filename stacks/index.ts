export { ConfigError } from "./errors";
export { loadStackConfig, parseStackConfig } from "./load";
export { kindNodeImage, KIND_VERSION } from "./kindImages";
export * from "./schema";
