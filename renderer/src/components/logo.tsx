/** Three stacked chevrons: an echelon formation. */
export function Logo({ size = 24 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden className="logo">
      <rect width="32" height="32" rx="8" className="logo-bg" />
      <path d="M9 9l7 5 7-5M9 15l7 5 7-5M9 21l7 5 7-5" fill="none" className="logo-mark" strokeWidth="2.6" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
