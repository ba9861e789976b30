// The heading block at the top of each area; its h1 takes focus after the user switches areas.
import { useEffect, useRef, type ReactNode } from 'react';
import { takeHeadingFocusRequest } from '../app/heading-focus';

export function PageHeader({ title, description, actions }: { title: string; description?: ReactNode; actions?: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (takeHeadingFocusRequest()) heading.current?.focus({ preventScroll: true });
  }, [title]);
  return (
    <header className="page-header">
      <div className="page-header__text">
        <h1 ref={heading} tabIndex={-1} className="page-header__title">
          {title}
        </h1>
        {description ? <p className="page-header__description">{description}</p> : null}
      </div>
      {actions ? <div className="page-header__actions">{actions}</div> : null}
    </header>
  );
}
