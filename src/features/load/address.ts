// The page address says what a reload opens (`?sample=`, `?url=`); it is rewritten in place.
export function rewriteAddress(change: (params: URLSearchParams) => void): void {
  const search = new URLSearchParams(location.search);
  change(search);
  history.replaceState(null, '', `?${search}`);
}
