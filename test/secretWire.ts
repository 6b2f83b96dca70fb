// The engine's wire format marks a secret as {[SIG]: SECRET_SIG, value}: how tests see, before the
// mock monitor unwraps it, whether a value reaches the engine as a secret.
const SIG = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

export const isSecretValue = (value: any): boolean => value !== null && typeof value === "object" && value[SIG] === SECRET_SIG;
