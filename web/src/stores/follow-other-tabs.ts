// A store persisted in localStorage is shared by every tab of the device, but each tab keeps its
// own copy in memory and writes the whole state back: without this, a tab that signed in would be
// undone by the next write of a tab opened before it.

/** Reloads `store` from storage whenever another tab writes its entry `name`. */
export function followOtherTabs(store: { persist: { rehydrate: () => Promise<void> | void } }, name: string) {
  if (typeof window === "undefined") return;
  window.addEventListener("storage", (event) => {
    if (event.key === name) void store.persist.rehydrate();
  });
}
