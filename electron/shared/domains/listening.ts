// The listening-test domain of the contract: MUSHRA, AB/ABX and MOS tests run in the studio or exported as a bundle.
export const listeningCalls = {} as const;
export const listeningEvents = {} as const;
