from .minutes import MinutesBodyBlock, SectionContentBlock
from .procedure import ProcedureBodyBlock

__all__ = ["MinutesBodyBlock", "ProcedureBodyBlock", "SectionContentBlock"]
