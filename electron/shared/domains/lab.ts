// The lab domain of the contract: vocoder experiments, objective metrics, listening tests and reports.
export const labCalls = {} as const;
export const labEvents = {} as const;
