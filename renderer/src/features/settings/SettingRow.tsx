// The label-description-control row every setting shares; the control gets `id` and is described by the text.
import type { ReactNode } from 'react';

interface Props {
  id: string;
  label: string;
  description: string;
  children: ReactNode;
}

export function SettingRow({ id, label, description, children }: Props) {
  return (
    <div className="setting">
      <div className="setting__text">
        <label htmlFor={id} className="setting__label">
          {label}
        </label>
        <p className="setting__description" id={`${id}-desc`}>
          {description}
        </p>
      </div>
      <div className="setting__control">{children}</div>
    </div>
  );
}
