// The books domain of the contract: audiobooks imported, rendered sentence by sentence, mastered and exported.
export const booksCalls = {} as const;
export const booksEvents = {} as const;
